import type { OngoingPrediction } from '@lmstudio/sdk';
import type { EventQueue } from './lmstudio-native-event-queue';
import { finishEvent } from './lmstudio-native-finish';
import { fragmentEvent } from './lmstudio-native-models';
import type { StreamEvent } from './types';

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

/** Feeds a prediction's fragments, then its finish, into the queue (or its failure). */
export async function pumpPrediction(
  prediction: OngoingPrediction,
  queue: EventQueue<StreamEvent>,
): Promise<void> {
  try {
    for await (const fragment of prediction) {
      const event = fragmentEvent(fragment);
      if (event) queue.push(event);
    }
    const result = await prediction.result();
    queue.push(finishEvent(result.stats, result.modelInfo.modelKey));
    queue.end();
  } catch (error) {
    queue.fail(error);
  }
}
