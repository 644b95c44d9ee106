import type { StreamEvent, StreamEventBatch } from '../vocabulary/chat';

/**
 * Batches of stream events: a provider hands on everything one network read produced in one
 * async step, instead of one step per token through every layer of generators.
 */

/**
 * Maps the items of one read (lines, SSE events) into one batch and yields it, unless empty.
 * `mapOne` pushes an item's events into the batch and returns true to end the stream after it.
 * When `mapOne` throws part-way, the events mapped before the failure are yielded first, so
 * nothing already received is lost; the error is thrown on the next step.
 * Returns whether `mapOne` asked to end the stream.
 */
export function* batchOfRead<T>(
  items: Iterable<T>,
  mapOne: (item: T, batch: StreamEvent[]) => boolean,
): Generator<StreamEventBatch, boolean, undefined> {
  const batch: StreamEvent[] = [];
  let ended = false;
  try {
    for (const item of items) {
      if (mapOne(item, batch)) {
        ended = true;
        break;
      }
    }
  } catch (error) {
    if (batch.length > 0) yield batch;
    throw error;
  }
  if (batch.length > 0) yield batch;
  return ended;
}

/** The events of a batched stream one by one: the per-event view (`events()`) of `eventBatches()`. */
export async function* flattenBatches(
  batches: AsyncIterable<StreamEventBatch>,
): AsyncGenerator<StreamEvent, void, undefined> {
  for await (const batch of batches) yield* batch;
}
