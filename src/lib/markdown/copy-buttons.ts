import { copyViaTextarea } from '../clipboard';

/** Options for `attachCopyButtons`; the defaults use the page's clipboard. */
export interface CopyButtonOptions {
  /** Writes text to the clipboard; defaults to `navigator.clipboard.writeText` with a fallback for http pages. */
  writeText?: (text: string) => Promise<void>;
  /** How long the button shows "Copied" (ms). */
  feedbackMs?: number;
}

const LABEL = 'Copy';

/**
 * Handles clicks on the code-block copy buttons (`button[data-copy]`, made by the renderer after sanitizing)
 * anywhere inside `root`, by event delegation, so blocks inserted later need no wiring. The button shows
 * "Copied" (or "Copy failed") for a moment. Returns a function that detaches the handler and clears timers.
 */
export function attachCopyButtons(root: HTMLElement, options: CopyButtonOptions = {}): () => void {
  const writeText = options.writeText ?? ((text: string) => writeToClipboard(text, root.ownerDocument));
  const feedbackMs = options.feedbackMs ?? 1500;
  const timers = new Map<HTMLButtonElement, ReturnType<typeof setTimeout>>();

  const showResult = (button: HTMLButtonElement, copied: boolean): void => {
    button.textContent = copied ? 'Copied' : 'Copy failed';
    button.setAttribute('data-copied', copied ? 'true' : 'false');
    clearTimeout(timers.get(button));
    timers.set(
      button,
      setTimeout(() => {
        timers.delete(button);
        button.textContent = LABEL;
        button.removeAttribute('data-copied');
      }, feedbackMs),
    );
  };

  const onClick = (event: Event): void => {
    const target = event.target as Element | null;
    const button = target?.closest?.('button[data-copy]') as HTMLButtonElement | null | undefined;
    if (!button || !root.contains(button)) return;
    const code = button.closest('.md-code')?.querySelector('pre code');
    if (!code) return;
    writeText(code.textContent ?? '').then(
      () => showResult(button, true),
      () => showResult(button, false),
    );
  };

  root.addEventListener('click', onClick);
  return () => {
    root.removeEventListener('click', onClick);
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}

/** The async Clipboard API needs a secure context; a LAN http:// page falls back to a hidden textarea. */
async function writeToClipboard(text: string, document: Document): Promise<void> {
  const clipboard = document.defaultView?.navigator.clipboard;
  if (clipboard && document.defaultView?.isSecureContext) {
    await clipboard.writeText(text);
    return;
  }
  if (!copyViaTextarea(text, document)) throw new Error('copy command was refused');
}
