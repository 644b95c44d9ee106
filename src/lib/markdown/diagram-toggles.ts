/**
 * Handles the Source/Diagram toggle of drawn Mermaid blocks (`button[data-diagram-toggle]`, made by the code
 * chrome) anywhere inside `root`, by event delegation. Returns a function that detaches the handler.
 */
export function attachDiagramToggles(root: HTMLElement): () => void {
  const onClick = (event: Event): void => {
    const target = event.target as Element | null;
    const button = target?.closest?.('button[data-diagram-toggle]');
    const frame = button?.closest('.md-diagram');
    if (!button || !frame || !root.contains(button)) return;
    const showsSource = frame.classList.toggle('md-diagram-shows-source');
    button.textContent = showsSource ? 'Diagram' : 'Source';
    button.setAttribute('aria-pressed', String(showsSource));
  };
  root.addEventListener('click', onClick);
  return () => root.removeEventListener('click', onClick);
}
