/**
 * Baselines beside the app, on the same Ollama emulator stream (and `rawStream`, the time-to-first-token
 * baseline):
 * - idle: the real chat worker (ChatClient, frame-coalesced chunks) and nothing drawn;
 * - plain: the same traffic appended to one text node (the cheapest possible view);
 * - naive: every token re-renders the whole answer (marked + the app's DOMPurify sanitizer)
 *   into innerHTML, as chat apps that lag on long answers do; stopped after `capMs`.
 * `window.renderHarness.run(run)` resolves with how far it got and when the last frame was drawn.
 */
import { marked } from 'marked';
import { createSanitizer } from '../../src/lib/markdown/sanitizer';
import { ChatClient } from '../../src/lib/workers/chat-client';
import type { NaiveReply, RenderOutcome, RenderRun } from './messages';

const answer = document.getElementById('answer') as HTMLDivElement;
const epoch = (): number => performance.timeOrigin + performance.now();
const nextFrame = (): Promise<number> =>
  new Promise((resolve) => requestAnimationFrame(() => resolve(epoch())));
let client: ChatClient | null = null;

function viaChatWorker(run: RenderRun): Promise<RenderOutcome> {
  client ??= ChatClient.spawn();
  const node = document.createTextNode('');
  answer.className = 'plain';
  answer.replaceChildren(node);
  let chars = 0;
  let messages = 0;
  return new Promise((resolve) => {
    const done = (error?: string) =>
      void nextFrame().then((lastFrameAt) => {
        const outcome: RenderOutcome = {
          tokensShown: 0,
          charsShown: chars,
          messages,
          lastFrameAt,
          capped: false,
        };
        if (error !== undefined) outcome.error = error;
        resolve(outcome);
      });
    client?.send(
      {
        server: { id: 'ollama', kind: 'ollama', name: 'Test server', baseUrl: run.baseUrl },
        model: run.model,
        messages: [{ role: 'user', content: 'Write a long answer.' }],
        settings: {},
      },
      {
        onChunk(chunk) {
          messages += 1;
          chars += chunk.text.length;
          if (run.mode === 'plain') node.appendData(chunk.text);
        },
        onComplete: () => done(),
        onError: (error) => done(error.message),
      },
    );
  });
}

function naive(run: RenderRun): Promise<RenderOutcome> {
  const worker = new Worker(new URL('./naive-worker.ts', import.meta.url), { type: 'module' });
  const sanitizer = createSanitizer(window);
  answer.className = '';
  answer.replaceChildren();
  const deadline = performance.now() + run.capMs;
  let text = '';
  let tokens = 0;
  let capped = false;
  return new Promise((resolve) => {
    const finish = (error?: string) => {
      worker.terminate();
      void nextFrame().then((lastFrameAt) => {
        const outcome: RenderOutcome = {
          tokensShown: tokens,
          charsShown: text.length,
          messages: tokens,
          lastFrameAt,
          capped,
        };
        if (error !== undefined) outcome.error = error;
        resolve(outcome);
      });
    };
    worker.addEventListener('message', (event: MessageEvent<NaiveReply>) => {
      const reply = event.data;
      if (capped) return;
      if (reply.type === 'done') return finish();
      if (reply.type === 'failed') return finish(reply.error);
      text += reply.text;
      answer.innerHTML = sanitizer.sanitize(marked.parse(text, { async: false }));
      tokens += 1;
      if (performance.now() > deadline) {
        capped = true;
        worker.postMessage({ type: 'stop' });
        finish();
      }
    });
    worker.postMessage({ type: 'run', baseUrl: run.baseUrl, model: run.model });
  });
}

/**
 * The time-to-first-token baseline: a plain `fetch` of Ollama's /api/chat in this page, its lines parsed and
 * each token appended to one text node, with frames running meanwhile (as they do in Brook, whose waiting
 * indicator animates). Resolves when the answer has ended.
 */
async function rawStream(run: { baseUrl: string; model: string }): Promise<void> {
  let spinning = true;
  const spin = (): void => {
    if (spinning) requestAnimationFrame(spin);
  };
  requestAnimationFrame(spin);
  const node = document.createTextNode('');
  answer.className = 'plain';
  answer.replaceChildren(node);
  try {
    const response = await fetch(`${run.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: run.model,
        messages: [{ role: 'user', content: 'Say hello.' }],
        stream: true,
      }),
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        if (line.trim() === '') continue;
        const message = JSON.parse(line) as { message?: { content?: string } };
        node.appendData(message.message?.content ?? '');
      }
    }
  } finally {
    spinning = false;
  }
}

const harness = {
  run: (run: RenderRun): Promise<RenderOutcome> => (run.mode === 'naive' ? naive(run) : viaChatWorker(run)),
  rawStream,
};

(window as unknown as { renderHarness: typeof harness }).renderHarness = harness;
document.body.dataset.ready = 'true';
