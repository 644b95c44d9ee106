import { isFrameMessage, type DiagramResult, type FrameMessage } from './protocol';

/** A diagram that takes longer than this is given up (a hostile one can be made to take very long). */
const DRAW_TIMEOUT_MS = 15_000;
/** Larger SVG text is refused: an image that size would only slow the page. */
const MAX_SVG_CHARS = 8 * 1024 * 1024;

interface Waiting {
  resolve: (result: DiagramResult) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The app's side of the diagram frame: a hidden sandboxed iframe (`diagram.html`, scripts allowed, origin opaque)
 * that loads Mermaid and draws one diagram at a time. Made on the first diagram. Each result is SVG text, kept as
 * a blob: URL for an `<img>`: an SVG shown as an image runs no script, follows no link and loads nothing.
 */
export class DiagramFrame {
  #frame: HTMLIFrameElement | null = null;
  #ready = false;
  /** Requests not sent yet, in order. */
  #queue: { id: number; source: string }[] = [];
  /** The request the frame is drawing. */
  #current: number | null = null;
  #waiting = new Map<number, Waiting>();
  #nextId = 1;

  /** Draws `source`; never rejects (a failure is an error result with a message for the reader). */
  draw(source: string): Promise<DiagramResult> {
    return new Promise((resolve) => {
      const id = this.#nextId++;
      const timer = setTimeout(() => this.#timeOut(id), DRAW_TIMEOUT_MS);
      this.#waiting.set(id, { resolve, timer });
      this.#queue.push({ id, source });
      this.#start();
      this.#sendNext();
    });
  }

  #start(): void {
    if (this.#frame) return;
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.title = 'Diagram renderer';
    // Laid out (Mermaid measures text) but out of sight; set through the CSSOM, which the CSP allows.
    Object.assign(frame.style, {
      position: 'fixed',
      left: '-20000px',
      top: '0',
      width: '1600px',
      height: '1200px',
      border: '0',
      visibility: 'hidden',
    });
    frame.src = new URL('diagram.html', document.baseURI).href;
    window.addEventListener('message', this.#onMessage);
    document.body.append(frame);
    this.#frame = frame;
  }

  #timeOut(id: number): void {
    const message = this.#ready
      ? 'Drawing took too long; the diagram may be too large.'
      : "The diagram renderer did not load. Is Brook's own server (npm start) still running?";
    const stuck = this.#current === id;
    this.#finish(id, failure(message));
    if (stuck) {
      // The frame may be busy with that diagram for good: replace it and go on with the rest.
      window.removeEventListener('message', this.#onMessage);
      this.#frame?.remove();
      this.#frame = null;
      this.#ready = false;
      this.#current = null;
      if (this.#queue.length > 0) this.#start();
    }
  }

  #sendNext(): void {
    const target = this.#frame?.contentWindow;
    if (!this.#ready || !target || this.#current !== null) return;
    const next = this.#queue.shift();
    if (!next) return;
    this.#current = next.id;
    target.postMessage({ type: 'draw', id: next.id, source: next.source }, '*');
  }

  readonly #onMessage = (event: MessageEvent): void => {
    // Only our frame, whose origin is opaque ("null"), and only well-formed messages.
    if (!this.#frame || event.source !== this.#frame.contentWindow || event.origin !== 'null') return;
    if (!isFrameMessage(event.data)) return;
    this.#handle(event.data);
  };

  #handle(message: FrameMessage): void {
    if (message.type === 'ready') {
      this.#ready = true;
    } else if (message.id === this.#current) {
      this.#current = null;
      this.#finish(message.id, message.type === 'drawn' ? imageOf(message.svg) : failure(message.message));
    }
    this.#sendNext();
  }

  #finish(id: number, result: DiagramResult): void {
    const waiting = this.#waiting.get(id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.#waiting.delete(id);
    this.#queue = this.#queue.filter((item) => item.id !== id);
    waiting.resolve(result);
  }
}

function failure(message: string): DiagramResult {
  const text = message.trim().slice(0, 2000) || 'Mermaid gave no reason.';
  return { kind: 'error', message: text };
}

/** An image result for SVG text, sized from its root element. */
function imageOf(svg: string): DiagramResult {
  if (svg.length > MAX_SVG_CHARS) return failure('The drawn diagram is too large to show.');
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const number = (name: string): number => {
    const value = new RegExp(`\\s${name}="([\\d.]+)(?:px)?"`).exec(root)?.[1];
    return value === undefined ? 0 : Number(value);
  };
  const viewBox = /\sviewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(root);
  const width = number('width') || Number(viewBox?.[1] ?? 0);
  const height = number('height') || Number(viewBox?.[2] ?? 0);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  return { kind: 'image', url, width: Math.round(width), height: Math.round(height) };
}
