/**
 * LM Studio model management over the native SDK (@lmstudio/sdk 1.5, the real client) against
 * the native emulator: load with progress and a context length, a stopped load, unload, the
 * loaded list with each instance's context, and an answer whose model is unloaded mid-way.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  LMStudioNativeProvider,
  disposeNativeClients,
} from '../../src/lib/providers/lmstudio-native/provider';
import { ProviderError } from '../../src/lib/providers/errors';
import type { ModelManager, ModelOperation, ModelProgress } from '../../src/lib/vocabulary/models';
import type { StreamEvent } from '../../src/lib/vocabulary/chat';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../emulators/lmstudio-native-emulator';

let emulator: LMStudioNativeEmulator;
let provider: LMStudioNativeProvider;
let manager: ModelManager;

beforeEach(async () => {
  emulator = await startLMStudioNativeEmulator();
  provider = new LMStudioNativeProvider({ baseUrl: emulator.url });
  manager = provider.modelManager();
});

afterEach(async () => {
  expect(emulator.communicationWarnings).toEqual([]);
  expect(emulator.protocolErrors).toEqual([]);
  await emulator.close();
  await disposeNativeClients();
});

async function run(operation: ModelOperation, signal = new AbortController().signal) {
  const progress: ModelProgress[] = [];
  const result = await manager.run(operation, (p) => progress.push(p), signal);
  return { result, progress };
}

test('offers load, unload and the loaded list; download and delete are refused in words', async () => {
  expect(manager.operations).toEqual(['load', 'unload', 'list-loaded']);
  const pull = await run({ op: 'pull', model: 'x' }).catch((e: unknown) => e);
  expect(pull).toBeInstanceOf(ProviderError);
  expect((pull as ProviderError).message).toContain('LM Studio (OpenAI-compatible)');
});

test('loads with progress up to 1 and the context asked for, which the loaded list then shows', async () => {
  const { result, progress } = await run({ op: 'load', model: 'llama-3.2-1b-instruct', contextLength: 8192 });
  expect(result).toEqual({ op: 'load' });
  expect(progress.map((p) => p.fraction)).toEqual([0, 0.25, 0.5, 1]);
  expect(emulator.loadRequests.at(-1)).toMatchObject({ modelKey: 'llama-3.2-1b-instruct' });
  expect(emulator.contextOf('llama-3.2-1b-instruct')).toBe(8192);
  const listed = await run({ op: 'list-loaded' });
  expect(listed.result).toEqual({
    op: 'list-loaded',
    models: [
      { id: 'qwen2.5-7b-instruct', sizeBytes: 4683073952, contextLength: 4096 },
      { id: 'llama-3.2-1b-instruct', sizeBytes: 1321082528, contextLength: 8192 },
    ],
  });
});

test('a load without a context sends none; a stopped load is kind aborted and loads nothing', async () => {
  await run({ op: 'load', model: 'llama-3.2-1b-instruct' });
  expect(emulator.contextOf('llama-3.2-1b-instruct')).toBe(4096);
  await run({ op: 'unload', model: 'llama-3.2-1b-instruct' });
  emulator.holdLoads(true);
  const controller = new AbortController();
  const stopped = manager.run(
    { op: 'load', model: 'llama-3.2-1b-instruct' },
    (p) => {
      if (p.fraction === 0.5) controller.abort();
    },
    controller.signal,
  );
  await expect(stopped).rejects.toMatchObject({ kind: 'aborted' });
  await emulator.waitForCancellations(1);
  expect(emulator.loaded.has('llama-3.2-1b-instruct')).toBe(false);
});

test('an unknown model is named; unload frees every instance of the model', async () => {
  const error = await run({ op: 'load', model: 'no-such-model' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: 'model-not-found' });
  expect((error as ProviderError).message).toContain('"no-such-model"');
  await run({ op: 'unload', model: 'qwen2.5-7b-instruct' });
  expect(emulator.unloads).toEqual(['qwen2.5-7b-instruct']);
  expect(await run({ op: 'list-loaded' })).toMatchObject({ result: { models: [] } });
});

test('unloading the model that is answering ends the answer with what it wrote and says so', async () => {
  emulator.script({ tokens: ['one ', 'two ', 'three ', 'four ', 'five '], tokenDelayMs: 30 });
  const events: StreamEvent[] = [];
  const answer = (async () => {
    for await (const event of provider.events([{ role: 'user', content: 'count' }], {
      model: 'qwen2.5-7b-instruct',
      signal: new AbortController().signal,
    })) {
      events.push(event);
      if (event.type === 'text' && event.text === 'two ')
        void run({ op: 'unload', model: 'qwen2.5-7b-instruct' });
    }
  })();
  const error = await answer.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  const failure = error as ProviderError;
  expect(failure.kind).toBe('stream-broken');
  expect(failure.message).toBe('LM Studio unloaded "qwen2.5-7b-instruct" while it was answering.');
  expect(failure.partialText.startsWith('one two ')).toBe(true);
  expect(
    events
      .filter((e) => e.type === 'text')
      .map((e) => (e.type === 'text' ? e.text : ''))
      .join(''),
  ).toBe(failure.partialText);
  expect(events.some((e) => e.type === 'finish')).toBe(false);
});
