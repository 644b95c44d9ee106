import { ProviderError } from '../../src/lib/providers/errors';
import type { LLMProvider } from '../../src/lib/providers/base';
import type { ChatMessage, StreamEvent } from '../../src/lib/vocabulary/chat';

/** Small helpers the provider tests share. */

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Runs `run`, which must fail with a ProviderError, and returns that error. */
export async function providerFailure(run: () => Promise<unknown>): Promise<ProviderError> {
  let thrown: unknown;
  try {
    await run();
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof ProviderError)) {
    throw new Error(`expected a ProviderError, got ${thrown === undefined ? 'success' : String(thrown)}`);
  }
  return thrown;
}

/** Streams text until `count` chunks arrived, then aborts; returns the chunks and the error. */
export async function abortAfterChunks(
  provider: LLMProvider,
  messages: ChatMessage[],
  model: string,
  count: number,
): Promise<{ chunks: string[]; error: ProviderError }> {
  const controller = new AbortController();
  const chunks: string[] = [];
  const error = await providerFailure(async () => {
    for await (const chunk of provider.chatStream(messages, { model, signal: controller.signal })) {
      chunks.push(chunk);
      if (chunks.length === count) controller.abort();
    }
  });
  return { chunks, error };
}

export function lastFinish(events: StreamEvent[]): Extract<StreamEvent, { type: 'finish' }> {
  const last = events.at(-1);
  if (last?.type !== 'finish') throw new Error(`the last event is ${last?.type ?? 'missing'}, not finish`);
  return last;
}
