/**
 * The naive baseline's worker: Brook's Ollama provider, but every token posted as its own
 * message (no coalescing), as an app that re-renders per token would receive them.
 */
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import type { NaiveReply, NaiveRequest } from './messages';

const scope = self as unknown as {
  postMessage(message: NaiveReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<NaiveRequest>) => void): void;
};
let controller: AbortController | null = null;

async function run(baseUrl: string, model: string): Promise<void> {
  controller = new AbortController();
  const question = [{ role: 'user' as const, content: 'Write a long answer.' }];
  for await (const event of new OllamaProvider({ baseUrl }).events(question, {
    signal: controller.signal,
    model,
  })) {
    if (event.type === 'text') scope.postMessage({ type: 'token', text: event.text });
  }
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  if (request.type === 'stop') return void controller?.abort();
  run(request.baseUrl, request.model).then(
    () => scope.postMessage({ type: 'done' }),
    (error: unknown) =>
      scope.postMessage(
        controller?.signal.aborted ? { type: 'done' } : { type: 'failed', error: String(error) },
      ),
  );
});
