/**
 * The harness worker: the real LMStudioNativeProvider (and so the real @lmstudio/sdk, bundled
 * by Vite for the browser) inside a module Web Worker. It streams events back as they come and
 * reports anything that escapes as `uncaught`.
 */
import { ProviderError } from '../../../../src/lib/providers/errors';
import { LMStudioNativeProvider } from '../../../../src/lib/providers/lmstudio-native/provider';
import type { HarnessReply, HarnessRequest, RunRequest } from './messages';

const scope = self as unknown as {
  postMessage(message: HarnessReply): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};
const post = (message: HarnessReply): void => scope.postMessage(message);

function errorData(error: unknown): HarnessReply & { type: 'failed' } {
  const typed = error instanceof ProviderError ? error : new ProviderError('bad-response', String(error));
  return { type: 'failed', id: -1, error: typed.toData() };
}

async function run(request: RunRequest): Promise<void> {
  const provider = new LMStudioNativeProvider({ baseUrl: request.baseUrl });
  const controller = new AbortController();
  let texts = 0;
  const options = { signal: controller.signal, ...(request.model ? { model: request.model } : {}) };
  for await (const event of provider.events([{ role: 'user', content: 'Hello from a worker' }], options)) {
    post({ type: 'event', id: request.id, event });
    if (event.type === 'text') texts += 1;
    if (texts === request.stopAfterTexts) controller.abort();
  }
}

scope.addEventListener('message', (event) => {
  const request = (event as MessageEvent<HarnessRequest>).data;
  const work: Promise<unknown> =
    request.type === 'run'
      ? run(request)
      : new LMStudioNativeProvider({ baseUrl: request.baseUrl }).listModels(new AbortController().signal);
  work.then(
    (result) => post({ type: 'done', id: request.id, result }),
    (error: unknown) => post({ ...errorData(error), id: request.id }),
  );
});

// Anything that escapes (uncaught error, unhandled rejection) is reported to the page.
scope.addEventListener('unhandledrejection', (event) => {
  post({ type: 'uncaught', what: `unhandledrejection: ${String((event as PromiseRejectionEvent).reason)}` });
});
