/** The outermost formula element around `node`: a display formula's frame, else the formula. */
function formulaAround(node: Node): Element | null {
  const element = node instanceof Element ? node : node.parentElement;
  return element?.closest('.katex-display') ?? element?.closest('.katex') ?? null;
}

/** A formula's LaTeX source (KaTeX keeps it in the MathML annotation), between `$` or `$$`. */
function sourceOf(formula: Element, display: boolean): string {
  const tex = formula.querySelector('annotation')?.textContent ?? '';
  return display ? `$$${tex}$$` : `$${tex}$`;
}

/**
 * Copying a selection with typeset math gives the LaTeX source of each formula, not the glyphs KaTeX draws (which
 * paste as a jumble): a selection that starts or ends inside a formula takes all of it. Paragraphs and line
 * breaks are kept as the browser would copy them. Returns a function that detaches the handler.
 */
export function attachMathCopy(root: HTMLElement): () => void {
  const document = root.ownerDocument;
  const onCopy = (event: ClipboardEvent): void => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0 || !event.clipboardData) return;
    const range = selection.getRangeAt(0).cloneRange();
    const first = formulaAround(range.startContainer);
    const last = formulaAround(range.endContainer);
    if (first) range.setStartBefore(first);
    if (last) range.setEndAfter(last);
    const fragment = range.cloneContents();
    if (!fragment.querySelector('.katex')) return;
    for (const formula of Array.from(fragment.querySelectorAll('.katex-display'))) {
      formula.replaceWith(sourceOf(formula, true));
    }
    for (const formula of Array.from(fragment.querySelectorAll('.katex'))) {
      formula.replaceWith(sourceOf(formula, false));
    }
    // innerText (paragraphs as line breaks) needs the copy laid out: off screen, inside the markdown view.
    const holder = document.createElement('div');
    holder.style.position = 'fixed';
    holder.style.left = '-100000px';
    holder.style.top = '0';
    holder.append(fragment);
    root.append(holder);
    const text = holder.innerText;
    const html = holder.innerHTML;
    holder.remove();
    event.clipboardData.setData('text/plain', text);
    event.clipboardData.setData('text/html', html);
    event.preventDefault();
  };
  root.addEventListener('copy', onCopy);
  return () => root.removeEventListener('copy', onCopy);
}
