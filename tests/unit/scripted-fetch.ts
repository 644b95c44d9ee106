import { vi } from 'vitest';

/**
 * A stand-in for the global `fetch` whose streamed reply is exactly the given network reads:
 * each string comes out of one `reader.read()`, so tests can say what one read holds (which a
 * real socket never promises). Lets batch tests pin down "one read, one batch".
 */
export interface ScriptedReply {
  /** The body, one string per network read. */
  reads: string[];
  contentType: string;
  /** After the last read the server keeps the connection open instead of ending the body. */
  keepOpen?: boolean;
}

export interface ScriptedFetch {
  /** How many reads the client took from the body. */
  readonly readsTaken: number;
  /** True once the client cancelled the body (closed the connection). */
  readonly cancelled: boolean;
}

/** Replaces the global `fetch` (restore with `vi.unstubAllGlobals()`) by one that answers `reply`. */
export function stubFetch(reply: ScriptedReply): ScriptedFetch {
  const state = { readsTaken: 0, cancelled: false };
  const encoder = new TextEncoder();
  const fetchStub = vi.fn(async (): Promise<Response> => {
    let next = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const read = reply.reads[next];
          if (read === undefined) {
            if (reply.keepOpen) return new Promise<void>(() => {}); // nothing more, never ends
            controller.close();
            return;
          }
          next += 1;
          state.readsTaken = next;
          controller.enqueue(encoder.encode(read));
        },
        cancel() {
          state.cancelled = true;
        },
      },
      // Enqueue a read only when the client asks for one, so `readsTaken` counts its reads.
      { highWaterMark: 0 },
    );
    return new Response(body, { status: 200, headers: { 'content-type': reply.contentType } });
  });
  vi.stubGlobal('fetch', fetchStub);
  return state;
}

/** One Ollama /api/chat NDJSON line with a piece of answer text. */
export function ollamaTextLine(text: string): string {
  return `${JSON.stringify({ model: 'm', message: { role: 'assistant', content: text }, done: false })}\n`;
}

/** Ollama's final line. */
export const OLLAMA_DONE_LINE = `${JSON.stringify({ model: 'm', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop' })}\n`;

/** One OpenAI-compatible SSE event with a piece of answer text. */
export function sseTextEvent(text: string): string {
  return `data: ${JSON.stringify({ model: 'm', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;
}

/** The chunk with the finish reason, then [DONE]. */
export const SSE_END =
  `data: ${JSON.stringify({ model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n` +
  'data: [DONE]\n\n';
