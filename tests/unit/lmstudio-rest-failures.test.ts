import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import type { ChatMessage } from '../../src/lib/vocabulary/chat';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { abortAfterChunks, collect, providerFailure } from '../emulators/http-test-helpers';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';

const MODEL = 'qwen2.5-7b-instruct';
const HELLO: ChatMessage[] = [{ role: 'user', content: 'Say hello' }];
const TOKENS = Array.from({ length: 40 }, (_, i) => `w${i} `);

let emulator: HttpEmulatorHandle;
let provider: OpenAICompatibleProvider;

beforeEach(async () => {
  emulator = await startLMStudioRestEmulator();
  provider = new OpenAICompatibleProvider({ baseUrl: emulator.url });
});

afterEach(async () => {
  await emulator.close();
});

const options = (signal = new AbortController().signal) => ({ model: MODEL, signal });
const sawChat = () => emulator.requests.some((request) => request.path === '/v1/chat/completions');

describe('OpenAICompatibleProvider cancellation', () => {
  it('stops mid-stream with kind "aborted", keeps the partial text, and the server sees the close', async () => {
    emulator.script({ tokens: TOKENS, tokenDelayMs: 30 });
    const { chunks, error } = await abortAfterChunks(provider, HELLO, MODEL, 3);
    expect(chunks).toEqual(TOKENS.slice(0, 3));
    expect(error.kind).toBe('aborted');
    expect(error.provider).toBe('lmstudio-rest');
    expect(error.partialText).toBe(TOKENS.slice(0, 3).join(''));
    await emulator.waitForRequestConnectionsClosed();
    await vi.waitFor(() => expect(emulator.outcomes).toEqual(['gone']));
  });

  it('aborts before the first token and closes the connection', async () => {
    emulator.script({ tokens: ['late'], firstTokenDelayMs: 10_000 });
    const controller = new AbortController();
    const pending = providerFailure(() => collect(provider.events(HELLO, options(controller.signal))));
    await vi.waitFor(() => expect(sawChat()).toBe(true));
    controller.abort();
    expect((await pending).kind).toBe('aborted');
    await emulator.waitForRequestConnectionsClosed();
    await vi.waitFor(() => expect(emulator.outcomes).toEqual(['gone']));
  });

  it('aborts a non-streamed complete()', async () => {
    emulator.script({ neverAnswer: true });
    const controller = new AbortController();
    const pending = providerFailure(() => provider.complete(HELLO, options(controller.signal)));
    await vi.waitFor(() => expect(sawChat()).toBe(true));
    controller.abort();
    expect((await pending).kind).toBe('aborted');
    await emulator.waitForRequestConnectionsClosed();
  });

  it('closes the connection when the consumer stops iterating early', async () => {
    emulator.script({ tokens: TOKENS, tokenDelayMs: 30 });
    for await (const chunk of provider.chatStream(HELLO, options())) {
      expect(chunk).toBe(TOKENS[0]);
      break;
    }
    await emulator.waitForRequestConnectionsClosed();
    await vi.waitFor(() => expect(emulator.outcomes).toEqual(['gone']));
  });
});

describe('OpenAICompatibleProvider errors', () => {
  it('cannot connect: kind "connection" naming the address, how to start the server and ECONNREFUSED', async () => {
    const url = emulator.url;
    await emulator.close();
    const error = await providerFailure(() =>
      new OpenAICompatibleProvider({ baseUrl: url }).listModels(options().signal),
    );
    expect(error.kind).toBe('connection');
    expect(error.provider).toBe('lmstudio-rest');
    expect(error.corsSuspected).toBe(false);
    expect(error.message).toContain(`Cannot reach LM Studio at ${url}`);
    expect(error.message).toContain('lms server start');
    expect(error.message).toContain('ECONNREFUSED');
    emulator = await startLMStudioRestEmulator();
  });

  it('HTTP error: kind "http" with the status and the server\'s {"error":{"message"}}', async () => {
    emulator.script({
      httpError: { status: 500, body: { error: { message: 'Model crashed', type: 'server_error' } } },
    });
    const error = await providerFailure(() => collect(provider.events(HELLO, options())));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      'LM Studio answered with HTTP 500: Model crashed. The server failed; its log says why. Try again, or try another model.',
    );
  });

  it('HTTP error bodies as {"error":"…"} and as plain text keep the server\'s words', async () => {
    emulator.script({ httpError: { status: 400, body: { error: 'Model is warming up' } } });
    const json = await providerFailure(() => provider.complete(HELLO, options()));
    expect(json.message).toContain('HTTP 400: Model is warming up');
    // A context overflow is said as one, still in the server's words.
    emulator.script({ httpError: { status: 400, body: { error: 'Context length exceeded' } } });
    const overflow = await providerFailure(() => provider.complete(HELLO, options()));
    expect(overflow.message).toContain(
      "no longer fits in the model's context (LM Studio said: Context length exceeded)",
    );
    emulator.script({ httpError: { status: 503, body: 'Service Unavailable (proxy)' } });
    const text = await providerFailure(() => collect(provider.events(HELLO, options())));
    expect(text.kind).toBe('http');
    expect(text.message).toContain('HTTP 503: Service Unavailable (proxy)');
  });

  it('a wrong API key: kind "http" 401 that says to enter the key', async () => {
    await emulator.close();
    emulator = await startLMStudioRestEmulator({ apiKey: 'right' });
    const error = await providerFailure(() =>
      new OpenAICompatibleProvider({ baseUrl: emulator.url, apiKey: 'wrong' }).listModels(options().signal),
    );
    expect(error.kind).toBe('http');
    expect(error.status).toBe(401);
    expect(error.message).toContain('Invalid API key');
    expect(error.message).toContain('API key');
  });

  it('model not found: kind "model-not-found" with what to do and the server\'s words', async () => {
    const error = await providerFailure(() =>
      collect(provider.events(HELLO, { model: 'nope', signal: options().signal })),
    );
    expect(error.kind).toBe('model-not-found');
    expect(error.status).toBe(404);
    expect(error.message).toBe(
      'LM Studio has no model "nope". Download or load it in LM Studio, or pick another model from the list. (The server said: Model "nope" not found. Please specify a valid model.)',
    );
  });

  it('an address without /v1 (LM Studio answers 200 "Unexpected endpoint") is an error, not an empty answer', async () => {
    const bare = new OpenAICompatibleProvider({ baseUrl: emulator.url.replace(/\/v1$/, '') });
    const list = await providerFailure(() => bare.listModels(options().signal));
    expect(list.kind).toBe('http');
    expect(list.message).toContain('Unexpected endpoint or method. (GET /models)');
    expect(list.message).toContain('/v1');
    const chat = await providerFailure(() => collect(bare.events(HELLO, options())));
    expect(chat.message).toContain('Unexpected endpoint or method. (POST /chat/completions)');
  });
});

describe('OpenAICompatibleProvider mid-stream failures keep the partial answer', () => {
  it('an SSE error event: kind "stream-broken" with the server message and the text so far', async () => {
    emulator.script({
      reasoningTokens: ['hm'],
      tokens: TOKENS,
      failAfterTokens: 4,
      failMessage: 'Model unloaded',
    });
    const error = await providerFailure(() => collect(provider.events(HELLO, options())));
    expect(error.kind).toBe('stream-broken');
    expect(error.message).toBe(
      'The answer from LM Studio broke off: the server reported "Model unloaded". The text received so far is kept; try again.',
    );
    expect(error.partialReasoning).toBe('hm');
    expect(error.partialText).toBe(TOKENS.slice(0, 3).join(''));
  });

  it('a dropped connection: kind "stream-broken" with the text so far', async () => {
    emulator.script({ tokens: TOKENS, dropAfterTokens: 5 });
    const error = await providerFailure(() => collect(provider.events(HELLO, options())));
    expect(error.kind).toBe('stream-broken');
    expect(error.message).toContain('the connection dropped');
    expect(error.partialText).toBe(TOKENS.slice(0, 5).join(''));
  });

  it('a malformed event: kind "stream-broken" with the text so far', async () => {
    emulator.script({ tokens: TOKENS, malformedAfterTokens: 2 });
    const error = await providerFailure(() => collect(provider.events(HELLO, options())));
    expect(error.kind).toBe('stream-broken');
    expect(error.message).toContain('not JSON');
    expect(error.partialText).toBe(TOKENS.slice(0, 2).join(''));
  });

  it('a body that ends with no finish_reason and no [DONE] is a broken stream', async () => {
    emulator.script({ tokens: ['a', 'b'], stallAfterTokens: 2 });
    const chunks: string[] = [];
    const pending = providerFailure(async () => {
      for await (const chunk of provider.chatStream(HELLO, options())) chunks.push(chunk);
    });
    await vi.waitFor(() => expect(chunks).toEqual(['a', 'b']));
    await emulator.close();
    const error = await pending;
    expect(error.kind).toBe('stream-broken');
    expect(error.partialText).toBe('ab');
    emulator = await startLMStudioRestEmulator();
  });
});
