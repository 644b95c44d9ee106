import type { LLMPredictionFragment, OngoingPrediction } from '@lmstudio/sdk';
import type { EventQueue } from './event-queue';
import { finishEvent } from './finish';
import { fragmentEvent } from './models';
import type { StreamEvent } from '../../vocabulary/chat';

/** Resolves like `promise`, or rejects with `signal.reason` as soon as the signal aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {}); // a late failure after an abort has nobody left to tell
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The `onPredictionFragment` callback for `respond()`: queues each fragment's event as the SDK
 * receives it. A callback rather than iterating the prediction, which would cost async steps
 * per fragment before the queue could batch them.
 */
export function queueFragments(queue: EventQueue<StreamEvent>): (fragment: LLMPredictionFragment) => void {
  // The SDK only logs a callback's exception: fail the stream instead, so no text goes missing silently.
  return (fragment) => {
    try {
      const event = fragmentEvent(fragment);
      if (event) queue.push(event);
    } catch (error) {
      queue.fail(error);
    }
  };
}

/** After the fragments: queues the prediction's finish and ends the queue (or fails it). */
export async function queueFinish(
  prediction: OngoingPrediction,
  queue: EventQueue<StreamEvent>,
): Promise<void> {
  try {
    const result = await prediction.result();
    queue.push(finishEvent(result.stats, result.modelInfo.modelKey));
    queue.end();
  } catch (error) {
    queue.fail(error);
  }
}
