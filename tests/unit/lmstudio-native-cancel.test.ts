/**
 * Stopping an LM Studio native answer: the AbortSignal reaches the server as the SDK's `cancel`,
 * and the stream ends at once as kind `aborted` with the partial text, whether or not the server
 * answers the cancel.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ProviderError } from '../../src/lib/providers/errors';
import {
  LMStudioNativeProvider,
  disposeNativeClients,
} from '../../src/lib/providers/lmstudio-native/provider';
import type { ChatMessage, StreamEvent } from '../../src/lib/vocabulary/chat';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../emulators/lmstudio-native-emulator';

let emulator: LMStudioNativeEmulator;
let provider: LMStudioNativeProvider;
const hello: ChatMessage[] = [{ role: 'user', content: 'Count slowly' }];

/** Streams until `stopAfterTexts` text events arrived, then aborts; returns what was thrown. */
async function stopAfter(stopAfterTexts: number): Promise<{ texts: string[]; thrown: unknown }> {
  const controller = new AbortController();
  const texts: string[] = [];
  try {
    if (stopAfterTexts === 0) controller.abort();
    for await (const event of provider.events(hello, { signal: controller.signal })) {
      if (event.type === 'text') texts.push(event.text);
      if (texts.length === stopAfterTexts) controller.abort();
    }
  } catch (error) {
    return { texts, thrown: error };
  }
  return { texts, thrown: undefined };
}

beforeEach(async () => {
  emulator = await startLMStudioNativeEmulator();
  provider = new LMStudioNativeProvider({ baseUrl: emulator.url });
});

afterEach(async () => {
  expect(emulator.communicationWarnings).toEqual([]);
  await emulator.close();
  await disposeNativeClients();
});

test('stop mid-answer: the emulator sees cancel and the stream ends as aborted with the partial text', async () => {
  emulator.script({ tokens: ['One', ' two', ' three', ' four', ' five'], tokenDelayMs: 500 });
  const { texts, thrown } = await stopAfter(2);
  expect(thrown).toBeInstanceOf(ProviderError);
  expect(thrown).toMatchObject({ kind: 'aborted', partialText: 'One two', provider: 'lmstudio-native' });
  expect(texts).toEqual(['One', ' two']);
  await emulator.waitForCancellations(1);
  expect(emulator.cancellations).toEqual([{ path: '/llm/predict', channelId: 1, fragmentsSent: 2 }]);
});

test('the stop does not wait for the server: one that ignores cancel and stalls still ends it', async () => {
  // If the provider waited for the server's userStopped reply this would hang to the timeout.
  emulator.configure({ answerCancel: false });
  emulator.script({ tokens: ['One', ' two', ' three'], stallAfterTokens: 1 });
  const controller = new AbortController();
  const texts: string[] = [];
  let firstText!: () => void;
  const gotFirstText = new Promise<void>((resolve) => (firstText = resolve));
  const run = (async () => {
    for await (const event of provider.events(hello, { signal: controller.signal })) {
      if (event.type !== 'text') continue;
      texts.push(event.text);
      firstText();
    }
  })();
  await gotFirstText;
  controller.abort(); // from outside, while the provider waits for a token that never comes
  await expect(run).rejects.toMatchObject({ kind: 'aborted', partialText: 'One' });
  expect(texts).toEqual(['One']);
  await emulator.waitForCancellations(1);
});

test('stop before the first token: cancel seen, ends at once even if the server never replies', async () => {
  emulator.configure({ answerCancel: false });
  emulator.script({ neverAnswer: true });
  const controller = new AbortController();
  const run = (async () => {
    for await (const event of provider.events(hello, { signal: controller.signal })) void event;
  })();
  await emulator.waitForRequest('/llm/predict');
  controller.abort();
  await expect(run).rejects.toMatchObject({ kind: 'aborted', partialText: '' });
  await emulator.waitForCancellations(1);
  expect(emulator.cancellations[0]).toMatchObject({ path: '/llm/predict', fragmentsSent: 0 });
});

test('an already aborted signal makes no request at all', async () => {
  const { thrown } = await stopAfter(0);
  expect(thrown).toMatchObject({ kind: 'aborted' });
  expect(emulator.requests).toEqual([]);
});

test('leaving the loop early also cancels the prediction on the server', async () => {
  emulator.script({ tokens: ['a', 'b', 'c', 'd'], tokenDelayMs: 500 });
  const seen: StreamEvent[] = [];
  for await (const event of provider.events(hello, { signal: new AbortController().signal })) {
    seen.push(event);
    if (event.type === 'text') break;
  }
  await emulator.waitForCancellations(1);
  expect(emulator.cancellations[0]?.path).toBe('/llm/predict');
});

test('after a stop, the next question is answered normally', async () => {
  emulator.script({ tokens: ['One', ' two', ' three'], tokenDelayMs: 500 });
  await stopAfter(1);
  await emulator.waitForCancellations(1);
  emulator.script({ tokens: ['Fresh', ' answer'] });
  expect(await provider.chat(hello, { signal: new AbortController().signal })).toBe('Fresh answer');
});
