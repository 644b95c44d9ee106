import { readLines } from './ndjson-lines';

/**
 * Server-sent events from a streamed body, by the WHATWG rules: `data:` lines of one event are
 * joined with "\n", a blank line ends the event, `:` lines are comments, unknown fields are
 * ignored. Linear in the bytes received (unlike a parser that copies its buffer per event).
 */

/** One server-sent event. `event` is "message" when the server named none. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Lines in, events out. */
export class SseEventAssembler {
  private data: string[] = [];
  private eventName = '';
  private lastId: string | undefined;

  /** Feeds one line; returns the event a blank line completes. */
  line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.charCodeAt(0) === 58 /* ':' comment */) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* one leading space is not part of the value */) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    return undefined;
  }

  /**
   * At the end of the body. The standard drops an event with no closing blank line; some
   * OpenAI-compatible servers end with `data: [DONE]\n` and close, so it is kept.
   */
  end(): SseEvent | undefined {
    return this.dispatch();
  }

  private dispatch(): SseEvent | undefined {
    if (this.data.length === 0) {
      this.eventName = '';
      return undefined;
    }
    const event: SseEvent = { event: this.eventName || 'message', data: this.data.join('\n') };
    if (this.lastId !== undefined) event.id = this.lastId;
    this.data = [];
    this.eventName = '';
    return event;
  }
}

/**
 * Reads a body as SSE events, one array per network read. When the consumer stops early, the
 * body is cancelled (by readLines), which closes the connection.
 */
export async function* readSseEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<SseEvent[], void, undefined> {
  const assembler = new SseEventAssembler();
  for await (const lines of readLines(body)) {
    const events: SseEvent[] = [];
    for (const line of lines) {
      const event = assembler.line(line);
      if (event !== undefined) events.push(event);
    }
    if (events.length > 0) yield events;
  }
  const last = assembler.end();
  if (last !== undefined) yield [last];
}
