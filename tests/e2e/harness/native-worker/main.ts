/**
 * The harness page: starts the worker and exposes `window.nativeHarness` for Playwright's
 * page.evaluate. It records every error that reaches the page from the worker.
 */
import type { HarnessReply, HarnessRequest, RunOutcome } from './messages';

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const outcomes = new Map<number, { outcome: RunOutcome; settle: (outcome: RunOutcome) => void }>();
const uncaught: string[] = [];
let nextId = 1;

worker.addEventListener('message', (event: MessageEvent<HarnessReply>) => {
  const reply = event.data;
  if (reply.type === 'uncaught') return void uncaught.push(reply.what);
  const pending = outcomes.get(reply.id);
  if (pending === undefined) return;
  if (reply.type === 'event') return void pending.outcome.events.push(reply.event);
  if (reply.type === 'failed') pending.outcome.error = reply.error;
  if (reply.type === 'done' && reply.result !== undefined) pending.outcome.result = reply.result;
  outcomes.delete(reply.id);
  pending.settle(pending.outcome);
});
// An uncaught error inside the worker surfaces here (unless the worker marked it handled).
worker.addEventListener('error', (event) => uncaught.push(`worker error: ${event.message}`));
window.addEventListener('error', (event) => uncaught.push(`page error: ${event.message}`));
window.addEventListener('unhandledrejection', (event) =>
  uncaught.push(`page rejection: ${String(event.reason)}`),
);

function send(request: Omit<HarnessRequest, 'id'>): Promise<RunOutcome> {
  const id = nextId++;
  return new Promise((settle) => {
    outcomes.set(id, { outcome: { events: [] }, settle });
    worker.postMessage({ ...request, id });
  });
}

const harness = {
  run: (baseUrl: string, options: { model?: string; stopAfterTexts?: number } = {}) =>
    send({ type: 'run', baseUrl, ...options }),
  list: (baseUrl: string) => send({ type: 'list', baseUrl }),
  uncaught: () => [...uncaught],
};

(window as unknown as { nativeHarness: typeof harness }).nativeHarness = harness;
document.body.dataset.ready = 'true';
