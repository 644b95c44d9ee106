/**
 * LMStudioNativeProvider failures and stops through the real @lmstudio/sdk against the LM Studio
 * native emulator: each failure is a typed ProviderError (never answer text) that keeps the
 * partial answer, and a stop reaches the server as the SDK's `cancel`.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ProviderError, type ProviderErrorKind } from '../../src/lib/providers/errors';
import {
  LMStudioNativeProvider,
  disposeNativeClients,
} from '../../src/lib/providers/lmstudio-native/provider';
import type { ChatMessage, ChatOptions, StreamEvent } from '../../src/lib/vocabulary/chat';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../emulators/lmstudio-native-emulator';

let emulator: LMStudioNativeEmulator;
let provider: LMStudioNativeProvider;
const hello: ChatMessage[] = [{ role: 'user', content: 'Tell me a story' }];
const signal = (): AbortSignal => new AbortController().signal;

interface Outcome {
  events: StreamEvent[];
  error: ProviderError;
}

/** Runs events() to its failure; fails the test if it does not fail. */
async function failureOf(options: Partial<ChatOptions> = {}, target = provider): Promise<Outcome> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of target.events(hello, { signal: signal(), ...options })) events.push(event);
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return { events, error: error as ProviderError };
  }
  throw new Error(`expected a failure, got ${JSON.stringify(events)}`);
}

function textOf(events: StreamEvent[]): string {
  return events.map((event) => (event.type === 'text' ? event.text : '')).join('');
}

function expectKind(error: ProviderError, kind: ProviderErrorKind): void {
  expect(error.kind, error.message).toBe(kind);
  expect(error.provider).toBe('lmstudio-native');
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

test('no server: kind connection, naming the address and how to start LM Studio', async () => {
  const gone = await startLMStudioNativeEmulator();
  const address = gone.url;
  await gone.close();
  const { events, error } = await failureOf({}, new LMStudioNativeProvider({ baseUrl: address }));
  expectKind(error, 'connection');
  expect(error.message).toBe(`Cannot reach LM Studio at ${address}.`);
  expect(error.hint).toContain('lms server start --cors');
  expect(error.hint).toContain('Enable CORS');
  expect(events).toEqual([]);
});

test('listModels with no server: kind connection too', async () => {
  const gone = await startLMStudioNativeEmulator();
  const address = gone.url;
  await gone.close();
  const down = new LMStudioNativeProvider({ baseUrl: address });
  await expect(down.listModels(signal())).rejects.toMatchObject({ kind: 'connection' });
});

test('no model loaded: kind model-not-found with a clear message', async () => {
  emulator.setLoaded([]);
  const { error } = await failureOf();
  expectKind(error, 'model-not-found');
  expect(error.message).toBe('No model is loaded in LM Studio: load one or pick a model.');
  expect(error.hint).toContain('Load a model');
});

test('unknown model key: kind model-not-found naming the key', async () => {
  const { error } = await failureOf({ model: 'no-such-model' });
  expectKind(error, 'model-not-found');
  expect(error.message).toBe('LM Studio has no model "no-such-model".');
  expect(emulator.loaded.has('no-such-model')).toBe(false);
});

test('prediction fails mid-answer (channelError): kind stream-broken keeping the partial text', async () => {
  emulator.script({
    tokens: ['Once', ' upon', ' a', ' time'],
    failAfterTokens: 2,
    failMessage: 'Model crashed',
  });
  const { events, error } = await failureOf();
  expectKind(error, 'stream-broken');
  expect(error.message).toBe('LM Studio failed to answer: Model crashed — llama_decode returned -1');
  expect(error.partialText).toBe('Once upon');
  // The failure is never answer text: only the two real tokens were streamed.
  expect(textOf(events)).toBe('Once upon');
});

test('the server drops the socket mid-answer: kind stream-broken, partial text kept', async () => {
  emulator.script({ tokens: ['Once', ' upon', ' a', ' time'], dropAfterTokens: 3 });
  const { events, error } = await failureOf();
  expectKind(error, 'stream-broken');
  expect(error.message).toBe('The connection to LM Studio broke in the middle of the answer.');
  expect(error.partialText).toBe('Once upon a');
  expect(textOf(events)).toBe('Once upon a');
});

test('after a dropped connection the next request works again', async () => {
  emulator.script({ tokens: ['a', 'b', 'c'], dropAfterTokens: 1 });
  await failureOf();
  emulator.script({ tokens: ['fine'] });
  expect(await provider.chat(hello, { signal: signal() })).toBe('fine');
});

test('auth refused: kind connection with the server’s reason', async () => {
  emulator.configure({ authError: 'Invalid client passkey' });
  const { error } = await failureOf();
  expectKind(error, 'connection');
  expect(error.message).toBe('LM Studio refused this client: Failed to authenticate: Invalid client passkey');
});

test('the WebSocket upgrade refused with 403 (CORS off): kind http with the status', async () => {
  emulator.script({ httpError: { status: 403, body: '' } });
  const { error } = await failureOf();
  expectKind(error, 'http');
  expect(error.status).toBe(403);
  expect(error.message).toBe('LM Studio refused the connection (HTTP 403).');
  expect(error.hint).toContain('Enable CORS');
});

test('an invalid address is a typed error, not a crash in the constructor', async () => {
  const bad = new LMStudioNativeProvider({ baseUrl: 'ftp://127.0.0.1:1234' });
  const { error } = await failureOf({}, bad);
  expectKind(error, 'connection');
  expect(error.message).toContain('ws://');
});

test('complete() and chat() fail with the same typed errors', async () => {
  emulator.setLoaded([]);
  await expect(provider.chat(hello, { signal: signal() })).rejects.toMatchObject({ kind: 'model-not-found' });
  await expect(provider.complete(hello, { signal: signal() })).rejects.toMatchObject({
    kind: 'model-not-found',
  });
});
