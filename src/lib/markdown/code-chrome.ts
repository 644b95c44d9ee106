/**
 * Wraps each sanitized `<pre><code>` in Brook's code-block frame: a language label and a copy button. It runs
 * after sanitizing, so the button (which the sanitizer would remove) always comes from here and never from model
 * output. `MarkdownView` finds the buttons by `button[data-copy]`.
 */
export function addCodeChrome(pres: readonly Element[]): void {
  for (const pre of pres) {
    const code = pre.firstElementChild;
    if (code === null || code.nodeName !== 'CODE' || pre.parentNode === null) continue;
    const document = pre.ownerDocument;
    const frame = document.createElement('div');
    frame.className = 'md-code';
    const header = document.createElement('div');
    header.className = 'md-code-header';
    const label = document.createElement('span');
    label.className = 'md-code-lang';
    label.textContent = languageOf(code);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-code';
    button.setAttribute('data-copy', '');
    button.setAttribute('aria-label', 'Copy code');
    button.textContent = 'Copy';
    header.append(label, button);
    pre.replaceWith(frame);
    frame.append(header, pre);
  }
}

function languageOf(code: Element): string {
  for (const name of Array.from(code.classList)) {
    if (name.startsWith('language-')) return name.slice('language-'.length);
  }
  return '';
}
