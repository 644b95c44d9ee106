const waiting = new Set<() => void>();
let scheduled = false;

/**
 * Runs `callback` at the next animation frame. All callbacks of a frame run in one task, so the Svelte
 * updates they cause are flushed together and share one work budget (a rAF per view would give each view
 * its own microtask flush, and its own budget). Returns a cancel function.
 */
export function onNextFrame(callback: () => void): () => void {
  waiting.add(callback);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(runWaiting);
  }
  return () => waiting.delete(callback);
}

function runWaiting(): void {
  scheduled = false;
  const callbacks = [...waiting];
  waiting.clear();
  for (const callback of callbacks) callback();
}
