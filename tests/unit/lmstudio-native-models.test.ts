/**
 * LMStudioNativeProvider model choice and listing through the real @lmstudio/sdk against the
 * LM Studio native emulator: any loaded model vs a key (JIT-loaded), downloaded models with the
 * loaded ones marked, one shared client per server.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  LMStudioNativeProvider,
  disposeNativeClients,
} from '../../src/lib/providers/lmstudio-native/provider';
import type { ChatMessage } from '../../src/lib/vocabulary/chat';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../emulators/lmstudio-native-emulator';

let emulator: LMStudioNativeEmulator;
let provider: LMStudioNativeProvider;
const signal = (): AbortSignal => new AbortController().signal;
const hello: ChatMessage[] = [{ role: 'user', content: 'Count from 1 to 5' }];

beforeEach(async () => {
  emulator = await startLMStudioNativeEmulator();
  provider = new LMStudioNativeProvider({ baseUrl: emulator.url });
});

afterEach(async () => {
  expect(emulator.communicationWarnings).toEqual([]);
  expect(emulator.protocolErrors).toEqual([]);
  await emulator.close();
  await disposeNativeClients();
});

test('no model set uses whichever model is loaded (getModelInfo with an empty query)', async () => {
  const result = await provider.complete(hello, { signal: signal() });
  expect(result.model).toBe('qwen2.5-7b-instruct');
  const lookup = await emulator.waitForRequest('/llm/getModelInfo');
  expect((lookup.body as { parameter: unknown }).parameter).toEqual({
    specifier: { type: 'query', query: {} },
    throwIfNotFound: true,
  });
  expect(emulator.requests.some((request) => request.path === '/llm/getOrLoad')).toBe(false);
});

test('a model key asks LM Studio for that model, which it loads on demand', async () => {
  expect(emulator.loaded.has('llama-3.2-1b-instruct')).toBe(false);
  const result = await provider.complete(hello, { signal: signal(), model: 'llama-3.2-1b-instruct' });
  expect(result.model).toBe('llama-3.2-1b-instruct');
  const load = await emulator.waitForRequest('/llm/getOrLoad');
  expect((load.body as { creationParameter: { identifier: string } }).creationParameter.identifier).toBe(
    'llama-3.2-1b-instruct',
  );
  expect(emulator.loaded.has('llama-3.2-1b-instruct')).toBe(true);
});

test('listModels lists downloaded LLMs (no embedding models) with the loaded ones marked, and their context (trained and loaded) and capabilities', async () => {
  const models = await provider.listModels(signal());
  expect(models).toEqual([
    {
      id: 'qwen2.5-7b-instruct',
      name: 'Qwen2.5 7B Instruct',
      sizeBytes: 4683073952,
      family: 'qwen2',
      parameterSize: '7B',
      quantization: 'Q4_K_M',
      loaded: true,
      contextLength: 32768,
      loadedContextLength: 4096,
      capabilities: ['tools'],
    },
    expect.objectContaining({ id: 'llama-3.2-1b-instruct', loaded: false, contextLength: 131072 }),
  ]);
  emulator.setLoaded(['llama-3.2-1b-instruct']);
  const after = await provider.listModels(signal());
  expect(after.map((model) => [model.id, model.loaded])).toEqual([
    ['qwen2.5-7b-instruct', false],
    ['llama-3.2-1b-instruct', true],
  ]);
});

test('one client per server: requests share the /llm socket instead of reconnecting', async () => {
  await provider.complete(hello, { signal: signal() });
  await new LMStudioNativeProvider({ baseUrl: `${emulator.url}/` }).complete(hello, { signal: signal() });
  expect(emulator.stats.opened).toBe(1);
});
