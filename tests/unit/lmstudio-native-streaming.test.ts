/**
 * LMStudioNativeProvider streaming through the real @lmstudio/sdk against the LM Studio native
 * emulator: the plan's test_native_sdk_streaming and test_chat_vs_chat_stream, events, stats,
 * reasoning, and the request as the SDK sends it.
 */
import { solidPng } from '../support/png';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
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
const signal = (): AbortSignal => new AbortController().signal;
const hello: ChatMessage[] = [{ role: 'user', content: 'Count from 1 to 5' }];

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const seen: StreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

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

test('supports streaming, as the plan requires of the native provider', () => {
  expect(provider.supportsStreaming).toBe(true);
  expect(provider.kind).toBe('lmstudio-native');
});

test('test_native_sdk_streaming: the answer arrives in more than one chunk', async () => {
  const tokens = ['1', ', 2', ', 3', ', 4', ', 5'];
  emulator.script({ tokens });
  const chunks: string[] = [];
  for await (const chunk of provider.chatStream(hello, { signal: signal() })) chunks.push(chunk);
  expect(chunks.length).toBeGreaterThan(1);
  expect(chunks).toEqual(tokens);
});

test('test_chat_vs_chat_stream: chat() and chatStream() give the same text', async () => {
  const tokens = ['Hello', ' there', ', friend', '.'];
  emulator.script({ tokens });
  const whole = await provider.chat(hello, { signal: signal() });
  const streamed: string[] = [];
  for await (const chunk of provider.chatStream(hello, { signal: signal() })) streamed.push(chunk);
  expect(streamed.join('')).toBe(whole);
  expect(whole).toBe(tokens.join(''));
});

test('prompt progress comes first, then text, then one finish with LM Studio stats', async () => {
  emulator.script({ tokens: ['a', 'b', 'c'], firstTokenDelayMs: 40 });
  const events = await collect(provider.events(hello, { signal: signal(), systemPrompt: 'Be brief' }));
  expect(events.map((event) => event.type)).toEqual([
    'prompt-progress',
    'prompt-progress',
    'prompt-progress',
    'text',
    'text',
    'text',
    'finish',
  ]);
  expect(events.slice(0, 3)).toEqual([0, 0.5, 1].map((progress) => ({ type: 'prompt-progress', progress })));
  const finish = events.at(-1);
  if (finish?.type !== 'finish') throw new Error('no finish event');
  expect(finish).toMatchObject({ reason: 'stop', rawReason: 'eosFound', model: 'qwen2.5-7b-instruct' });
  // The emulator counts the history's words (2 + 5) and the fragments sent (3).
  expect(finish.stats).toMatchObject({ promptTokens: 7, completionTokens: 3 });
  // 40 ms scripted; timers may fire a millisecond or two early against performance.now().
  expect(finish.stats.timeToFirstTokenSec).toBeGreaterThanOrEqual(0.035);
  expect(finish.stats.tokensPerSecond).toBeGreaterThan(0);
  expect(finish.stats.totalDurationSec).toBeGreaterThanOrEqual(finish.stats.timeToFirstTokenSec ?? Infinity);
});

describe('stop reasons map to unified finish reasons and keep the raw one', () => {
  test.each([
    ['eosFound', 'stop'],
    ['stopStringFound', 'stop'],
    ['maxPredictedTokensReached', 'length'],
    ['contextLengthReached', 'length'],
    ['toolCalls', 'tool-calls'],
    ['failed', 'error'],
  ])('%s -> %s', async (stopReason, unified) => {
    emulator.script({ tokens: ['x'], finishReason: stopReason });
    const result = await provider.complete(hello, { signal: signal() });
    expect(result.finishReason).toBe(unified);
    expect(result.rawFinishReason).toBe(stopReason);
  });
});

test('reasoning stays apart from the answer and the think tags are in neither', async () => {
  emulator.script({ reasoningTokens: ['Five', ' numbers', '.'], tokens: ['1 2 3', ' 4 5'] });
  const events = await collect(provider.events(hello, { signal: signal() }));
  const reasoning = events.flatMap((event) => (event.type === 'reasoning' ? [event.text] : []));
  const text = events.flatMap((event) => (event.type === 'text' ? [event.text] : []));
  expect(reasoning).toEqual(['Five', ' numbers', '.']);
  expect(text).toEqual(['1 2 3', ' 4 5']);
  const result = await provider.complete(hello, { signal: signal() });
  expect(result).toMatchObject({ reasoning: 'Five numbers.', text: '1 2 3 4 5' });
  const chunks: string[] = [];
  for await (const chunk of provider.chatStream(hello, { signal: signal() })) chunks.push(chunk);
  expect(chunks.join('')).toBe('1 2 3 4 5');
});

test('temperature, max tokens, top-p, stop strings and the system prompt go out as the SDK names them', async () => {
  const schema = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] };
  await provider.complete(hello, {
    signal: signal(),
    systemPrompt: 'You count.',
    temperature: 0.25,
    maxTokens: 64,
    topP: 0.9,
    stop: ['END'],
    responseFormat: { schema },
  });
  const predict = await emulator.waitForRequest('/llm/predict');
  const parameter = (predict.body as { creationParameter: Record<string, unknown> }).creationParameter;
  expect(parameter.history).toEqual({
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'You count.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Count from 1 to 5' }] },
    ],
  });
  const stack = parameter.predictionConfigStack as {
    layers: Array<{ layerName: string; config: { fields: unknown[] } }>;
  };
  expect(stack.layers[0]?.layerName).toBe('apiOverride');
  expect(stack.layers[0]?.config.fields).toEqual(
    expect.arrayContaining([
      { key: 'llm.prediction.temperature', value: 0.25 },
      { key: 'llm.prediction.maxPredictedTokens', value: { checked: true, value: 64 } },
      { key: 'llm.prediction.topPSampling', value: { checked: true, value: 0.9 } },
      { key: 'llm.prediction.stopStrings', value: ['END'] },
      { key: 'llm.prediction.structured', value: { type: 'json', jsonSchema: schema } },
    ]),
  );
  expect(predict.method).toBe('WS');
});

test('images are uploaded and sent as file parts before the text', async () => {
  const png = solidPng(3, 2);
  const image = png.toString('base64');
  const images = [{ name: 'cat.png', mimeType: 'image/png', base64: image }];
  await provider.complete([{ role: 'user', content: 'What is this?', images }], {
    signal: signal(),
  });
  const upload = await emulator.waitForRequest('/files/uploadFileBase64');
  expect((upload.body as { parameter: { name: string; contentBase64: string } }).parameter).toEqual({
    name: 'cat.png',
    contentBase64: image,
  });
  const predict = await emulator.waitForRequest('/llm/predict');
  const history = (
    predict.body as { creationParameter: { history: { messages: Array<{ content: unknown[] }> } } }
  ).creationParameter.history;
  expect(history.messages[0]?.content).toEqual([
    expect.objectContaining({ type: 'file', name: 'cat.png', fileType: 'image', sizeBytes: png.length }),
    { type: 'text', text: 'What is this?' },
  ]);
});
