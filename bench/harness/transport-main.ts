/** The transport harness page: `window.transportHarness.run(run)` runs a path in the worker and resolves with its outcome. */
import type { TransportOutcome, TransportRun } from './messages';

const worker = new Worker(new URL('./transport-worker.ts', import.meta.url), { type: 'module' });
const waiting = new Map<number, (outcome: TransportOutcome) => void>();
let nextId = 1;

worker.addEventListener('message', (event: MessageEvent<{ id: number; outcome: TransportOutcome }>) => {
  waiting.get(event.data.id)?.(event.data.outcome);
  waiting.delete(event.data.id);
});

const harness = {
  run(run: TransportRun): Promise<TransportOutcome> {
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      worker.postMessage({ ...run, id });
    });
  },
};

(window as unknown as { transportHarness: typeof harness }).transportHarness = harness;
document.body.dataset.ready = 'true';
