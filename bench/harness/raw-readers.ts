/**
 * The raw readers, the practical limit of each transport: fetch + ReadableStream reader + line
 * split + JSON.parse for NDJSON (Ollama) and SSE (OpenAI-compatible), and a bare WebSocket with a
 * JSON.parse per message speaking LM Studio's native protocol by hand.
 */
import type { Counter } from './chunk-counter';
import type { TransportRun } from './messages';

/** The question every path sends. */
export const QUESTION = [{ role: 'user' as const, content: 'Stream as fast as you can.' }];

/** Lines of a streamed body: one TextDecoder in streaming mode, the unfinished line kept for the next read. */
async function forEachLine(
  body: ReadableStream<Uint8Array>,
  counter: Counter,
  onLine: (line: string) => boolean,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let carry = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const lines = (carry + decoder.decode(value, { stream: true })).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) if (line !== '' && !onLine(line)) return;
    }
  } finally {
    if (counter.capped) await reader.cancel().catch(() => {});
  }
}

export async function rawNdjson(run: TransportRun, counter: Counter): Promise<void> {
  const response = await fetch(`${run.baseUrl}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: run.model, messages: QUESTION, stream: true }),
    signal: counter.signal,
  });
  if (!response.body) throw new Error(`no body (${response.status})`);
  await forEachLine(response.body, counter, (line) => {
    const chunk = JSON.parse(line) as { message?: { content?: string }; done?: boolean };
    const text = chunk.message?.content ?? '';
    return chunk.done === true || text === '' || counter.add(text);
  });
}

export async function rawSse(run: TransportRun, counter: Counter): Promise<void> {
  const response = await fetch(`${run.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: run.model, messages: QUESTION, stream: true }),
    signal: counter.signal,
  });
  if (!response.body) throw new Error(`no body (${response.status})`);
  await forEachLine(response.body, counter, (line) => {
    if (!line.startsWith('data:')) return true;
    const data = line.slice(5).trim();
    if (data === '[DONE]') return false;
    const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[] };
    const text = chunk.choices?.[0]?.delta?.content ?? '';
    return text === '' || counter.add(text);
  });
}

type SocketLike = {
  send(data: string): void;
  close(): void;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: (() => void) | null;
};
export type SocketFactory = new (url: string) => SocketLike;

/** LM Studio's native protocol by hand: auth, one `predict` channel, a JSON.parse per message. */
export function rawWs(run: TransportRun, counter: Counter, Socket: SocketFactory): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = new Socket(`${run.baseUrl}/llm`);
    let authenticated = false;
    const finish = (error?: unknown) => {
      socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close();
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    socket.onopen = () =>
      socket.send(
        JSON.stringify({ authVersion: 1, clientIdentifier: 'brook-bench', clientPasskey: 'bench' }),
      );
    socket.onerror = () => finish(new Error('WebSocket error'));
    socket.onclose = () => finish(new Error('WebSocket closed before the answer ended'));
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as {
        success?: boolean;
        type?: string;
        message?: { type?: string; fragment?: { content?: string } };
      };
      if (!authenticated) {
        if (message.success !== true) return finish(new Error('auth refused'));
        authenticated = true;
        const history = {
          messages: [{ role: 'user', content: [{ type: 'text', text: QUESTION[0]?.content }] }],
        };
        const creationParameter = {
          modelSpecifier: { type: 'query', query: {} },
          history,
          predictionConfigStack: { layers: [] },
        };
        socket.send(
          JSON.stringify({ type: 'channelCreate', endpoint: 'predict', channelId: 0, creationParameter }),
        );
        return;
      }
      if (message.type === 'channelClose' || message.type === 'channelError') return finish();
      if (message.type === 'channelSend' && message.message?.type === 'fragment') {
        if (!counter.add(message.message.fragment?.content ?? '')) finish();
      }
    };
  });
}
