/**
 * A streamed HTTP body as text lines: the framing of Ollama's NDJSON, and the first step of SSE
 * (see sse-lines.ts). UTF-8 is decoded with one streaming TextDecoder, so a character split
 * across two network reads comes out whole; an unfinished line waits for the next read. Work is
 * linear in the bytes received, however the network cuts them.
 */

const LF = 10;

/** Byte chunks in, complete lines out. Lines end with LF, CRLF or a lone CR (as SSE allows). */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';
  /** The last chunk ended in CR: an LF starting the next one belongs to that line ending. */
  private skipLeadingLF = false;

  /** The lines this chunk completes; the unfinished tail is kept for the next call. */
  push(chunk: Uint8Array): string[] {
    return this.split(this.decoder.decode(chunk, { stream: true }));
  }

  /** At the end of the body: the last line, when it had no line ending. */
  flush(): string[] {
    const lines = this.split(this.decoder.decode());
    if (this.partial !== '') lines.push(this.partial);
    this.partial = '';
    return lines;
  }

  private split(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    if (this.skipLeadingLF && text.length > 0) {
      if (text.charCodeAt(0) === LF) start = 1;
      this.skipLeadingLF = false;
    }
    // Both positions are searched once and advanced, never rescanned: linear per chunk.
    let nextLF = text.indexOf('\n', start);
    let nextCR = text.indexOf('\r', start);
    while (nextLF !== -1 || nextCR !== -1) {
      const isCR = nextCR !== -1 && (nextLF === -1 || nextCR < nextLF);
      const end = isCR ? nextCR : nextLF;
      const piece = text.slice(start, end);
      lines.push(this.partial === '' ? piece : this.partial + piece);
      this.partial = '';
      start = end + 1;
      if (isCR) {
        if (start === text.length) this.skipLeadingLF = true;
        else if (text.charCodeAt(start) === LF) start += 1;
      }
      if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
    }
    if (start < text.length) this.partial += text.slice(start);
    return lines;
  }
}

/**
 * Reads a body as lines, one array per network read (fewer async steps than one per line).
 * When the consumer stops early, the body is cancelled, which closes the connection.
 */
export async function* readLines(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<string[], void, undefined> {
  const reader = body.getReader();
  const splitter = new LineSplitter();
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const lines = splitter.push(value);
      if (lines.length > 0) yield lines;
    }
    ended = true;
    const rest = splitter.flush();
    if (rest.length > 0) yield rest;
  } finally {
    if (!ended) reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Thrown for a line that is not JSON; the provider turns it into a 'stream-broken' error. */
export class MalformedLineError extends Error {
  override readonly name = 'MalformedLineError';
  constructor(readonly line: string) {
    super(`the server sent a line that is not JSON: ${line.length > 80 ? `${line.slice(0, 80)}…` : line}`);
  }
}

/** Parses one NDJSON line; blank lines (keep-alive padding) give undefined. */
export function parseNdjsonLine(line: string): unknown {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new MalformedLineError(line);
  }
}
