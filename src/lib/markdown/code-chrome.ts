import { diagramResult } from '../diagrams/diagrams';
import type { DiagramResult } from '../diagrams/protocol';

/**
 * Wraps each sanitized `<pre><code>` in Brook's code-block frame: a language label and a copy button; a Mermaid
 * block also gets its drawing (an image), a Source/Diagram toggle, or the reason it could not be drawn. It runs
 * after sanitizing, so the buttons and the image (which the sanitizer would remove) always come from here and
 * never from model output. `MarkdownView` finds the buttons by `button[data-copy]` and `button[data-diagram-toggle]`.
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
    const copy = button(document, 'copy-code', 'data-copy', 'Copy');
    copy.setAttribute('aria-label', 'Copy code');
    header.append(label, copy);
    pre.replaceWith(frame);
    frame.append(header, pre);
    if (code.classList.contains('md-diagram-source')) addDiagram(frame, header, code.textContent ?? '');
  }
}

/** The diagram part of a Mermaid block's frame, as far as drawing it has come. */
function addDiagram(frame: Element, header: Element, source: string): void {
  const document = frame.ownerDocument;
  const result: DiagramResult | undefined = diagramResult(source);
  frame.classList.add('md-diagram');
  if (result === undefined) {
    frame.append(note(document, 'md-diagram-status', 'Drawing the diagram…'));
    return;
  }
  if (result.kind === 'error') {
    frame.classList.add('md-diagram-failed');
    frame.append(
      note(document, 'md-diagram-error', `Mermaid could not draw this diagram: ${result.message}`),
    );
    return;
  }
  const image = document.createElement('img');
  image.className = 'md-diagram-image';
  image.src = result.url;
  image.alt = `Diagram: ${source.trim().split('\n', 1)[0]!.slice(0, 80)}`;
  if (result.width > 0 && result.height > 0) {
    image.width = result.width;
    image.height = result.height;
  }
  const toggle = button(document, 'copy-code md-diagram-toggle', 'data-diagram-toggle', 'Source');
  toggle.setAttribute('aria-pressed', 'false');
  header.insertBefore(toggle, header.lastElementChild);
  frame.insertBefore(image, header.nextSibling);
}

/** A header button, found by `MarkdownView`'s handlers through its `marker` attribute. */
function button(document: Document, className: string, marker: string, text: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.setAttribute(marker, '');
  element.textContent = text;
  return element;
}

function note(document: Document, className: string, text: string): Element {
  const paragraph = document.createElement('p');
  paragraph.className = className;
  paragraph.textContent = text;
  return paragraph;
}

function languageOf(code: Element): string {
  for (const name of Array.from(code.classList)) {
    if (name.startsWith('language-')) return name.slice('language-'.length);
  }
  return '';
}
