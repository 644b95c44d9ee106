import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import type { ChatMessage } from '../../src/lib/vocabulary/chat';
import { startOllamaEmulator } from '../emulators/ollama-emulator';
import { abortAfterChunks, collect, providerFailure } from '../emulators/http-test-helpers';
import type { HttpEmulatorHandle } from '../emulators/http-base';

const MODEL = 'llama3.2';
const HELLO: ChatMessage[] = [{ role: 'user', content: 'Say hello' }];
const TOKENS = Array.from({ length: 40 }, (_, i) => `w${i} `);

let emulator: HttpEmulatorHandle;
let provider: OllamaProvider;

beforeEach(async () => {
  emulator = await startOllamaEmulator();
  provider = new OllamaProvider({ baseUrl: emulator.url });
});

afterEach(async () => {
  await emulator.close();
});

const options = (signal = new AbortController().signal) => ({ model: MODEL, signal });

describe('OllamaProvider cancellation', () => {
  it('stops mid-stream with kind "aborted", keeps the partial text, and the server sees the close', async () => {
    emulator.script({ tokens: TOKENS, tokenDelayMs: 30 });
    const { chunks, error } = await abortAfterChunks(provider, HELLO, MODEL, 3);
    expect(chunks).toEqual(TOKENS.slice(0, 3));
    expect(error.kind).toBe('aborted');
    expect(error.provider).toBe('ollama');
    expect(error.partialText).toBe(TOKENS.slice(0, 3).join(''));
    await emulator.waitForRequestConnectionsClosed();
    // The server saw the client leave before the answer's end (a real Ollama stops generating).
    await vi.waitFor(() => expect(emulator.outcomes).toEqual(['gone']));
  });

  it('aborts before the first token (headers not yet sent) and closes the connection', async () => {
    emulator.script({ tokens: ['late'], firstTokenDelayMs: 10_000 });
    const controller = new AbortController();
    const pending = providerFailure(() => collect(provider.events(HELLO, options(controller.signal))));
    await vi.waitFor(() => expect(emulator.requests.some((r) => r.path === '/api/chat')).toBe(true));
    controller.abort();
    const error = await pending;
    expect(error.kind).toBe('aborted');
    expect(error.partialText).toBe('');
    await emulator.waitForRequestConnectionsClosed();
    await vi.waitFor(() => expect(emulator.outcomes).toEqual(['gone']));
  });

  it('aborts a non-streamed complete() (ollama-js passes it no signal of its own)', async () => {
    emulator.script({ neverAnswer: true });
    const controller = new AbortController();
    const pending = providerFailure(() => provider.complete(HELLO, options(controller.signal)));
    await vi.waitFor(() => expect(emulator.requests.some((r) => r.path === '/api/chat')).toBe(true));
    controller.abort();
    expect((await pending).kind).toBe('aborted');
    await emulator.waitForRequestConnectionsClosed();
    await vi.waitFor(() => expect(emulator.outcomes).toEqual(['gone']));
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

describe('OllamaProvider errors', () => {
  it('cannot connect: kind "connection" naming the address, `ollama serve` and ECONNREFUSED', async () => {
    const url = emulator.url;
    await emulator.close();
    const error = await providerFailure(() =>
      new OllamaProvider({ baseUrl: url }).listModels(options().signal),
    );
    expect(error.kind).toBe('connection');
    expect(error.provider).toBe('ollama');
    expect(error.corsSuspected).toBe(false);
    expect(error.message).toContain(`Cannot reach Ollama at ${url}`);
    expect(error.message).toContain('ollama serve');
    expect(error.message).toContain('ECONNREFUSED');
    emulator = await startOllamaEmulator(); // afterEach closes it
  });

  it('HTTP error: kind "http" with the status and the server\'s JSON message', async () => {
    emulator.script({ httpError: { status: 500, body: { error: 'out of memory' } } });
    const error = await providerFailure(() => collect(provider.events(HELLO, options())));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      'Ollama answered with HTTP 500: out of memory. The server failed; its log says why. Try again, or try another model.',
    );
  });

  it('HTTP error with a plain-text body keeps that text', async () => {
    emulator.script({ httpError: { status: 502, body: 'upstream proxy is down' } });
    const error = await providerFailure(() => provider.complete(HELLO, options()));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(502);
    expect(error.message).toContain('HTTP 502: upstream proxy is down');
  });

  it('no model chosen (an empty model list): nothing is sent, and the message says to pick or pull one', async () => {
    const chats = () => emulator.requests.filter((r) => r.path === '/api/chat').length;
    const before = chats();
    for (const run of [
      () => collect(provider.events(HELLO, { signal: new AbortController().signal })),
      () => provider.complete(HELLO, { model: '', signal: new AbortController().signal }),
    ]) {
      const error = await providerFailure(run);
      expect(error.kind).toBe('model-not-found');
      expect(error.message).toContain('No model is chosen, so nothing was sent. Pick one of its models');
    }
    expect(chats()).toBe(before);
  });

  it('no model chosen and the server down: the message is that the server cannot be reached', async () => {
    const dead = new OllamaProvider({ baseUrl: 'http://127.0.0.1:9' });
    const error = await providerFailure(() =>
      collect(dead.events(HELLO, { signal: new AbortController().signal })),
    );
    expect(error.kind).toBe('connection');
    expect(error.message).toContain('Cannot reach Ollama');
  });

  it('model not found: kind "model-not-found" with the pull command and the server\'s words', async () => {
    const error = await providerFailure(() =>
      collect(provider.events(HELLO, { model: 'nope', signal: new AbortController().signal })),
    );
    expect(error.kind).toBe('model-not-found');
    expect(error.status).toBe(404);
    expect(error.message).toBe(
      `Ollama has no model "nope". Download it with \`ollama pull nope\`, or pick another model. (The server said: model 'nope' not found)`,
    );
  });

  it('model not found in the older wording ("try pulling it first") is recognised too', async () => {
    emulator.script({
      httpError: { status: 404, body: { error: 'model "x" not found, try pulling it first' } },
    });
    const error = await providerFailure(() =>
      provider.complete(HELLO, { model: 'x', signal: new AbortController().signal }),
    );
    expect(error.kind).toBe('model-not-found');
  });
});

describe('OllamaProvider mid-stream failures keep the partial answer', () => {
  it('an {"error"} line: kind "stream-broken" with the server message and the text so far', async () => {
    emulator.script({
      reasoningTokens: ['hm'],
      tokens: TOKENS,
      failAfterTokens: 4,
      failMessage: 'CUDA error: out of memory',
    });
    const error = await providerFailure(() => collect(provider.events(HELLO, options())));
    expect(error.kind).toBe('stream-broken');
    expect(error.message).toBe(
      'The answer from Ollama broke off: the server reported "CUDA error: out of memory". The text received so far is kept; try again.',
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

  it('a malformed line: kind "stream-broken" (not silently skipped) with the text so far', async () => {
    emulator.script({ tokens: TOKENS, malformedAfterTokens: 2 });
    const error = await providerFailure(() => collect(provider.events(HELLO, options())));
    expect(error.kind).toBe('stream-broken');
    expect(error.message).toContain('not JSON');
    expect(error.partialText).toBe(TOKENS.slice(0, 2).join(''));
  });

  it('a body that ends without the "done" line is a broken stream, not a finished answer', async () => {
    emulator.script({ tokens: ['a', 'b'], stallAfterTokens: 2 });
    const controller = new AbortController();
    const chunks: string[] = [];
    const pending = providerFailure(async () => {
      for await (const chunk of provider.chatStream(HELLO, options(controller.signal))) chunks.push(chunk);
    });
    await vi.waitFor(() => expect(chunks).toEqual(['a', 'b']));
    await emulator.close(); // the server goes away mid-answer
    const error = await pending;
    expect(error.kind).toBe('stream-broken');
    expect(error.partialText).toBe('ab');
    emulator = await startOllamaEmulator();
  });
});
