import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LLMProvider } from '../../src/lib/providers/base';
import { createProvider } from '../../src/lib/providers';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import type { ChatMessage, ProviderConfig } from '../../src/lib/vocabulary/chat';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { collect } from '../emulators/http-test-helpers';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';
import { startOllamaEmulator } from '../emulators/ollama-emulator';

/**
 * The streaming plan's test_streaming.py, carried over to both HTTP providers against their
 * emulators: the flags, the one-chunk fallback, real streaming in many ordered chunks, and
 * chat() agreeing with the joined chatStream().
 */

const COUNT = Array.from({ length: 12 }, (_, i) => `${i + 1}${i < 11 ? ', ' : '.'}`);
const MESSAGES: ChatMessage[] = [{ role: 'user', content: 'Count from 1 to 12' }];

/** The same provider with streaming switched off, as the plan's non-streaming providers were. */
class NonStreamingOllama extends OllamaProvider {
  override readonly supportsStreaming = false;
}
class NonStreamingLMStudio extends OpenAICompatibleProvider {
  override readonly supportsStreaming = false;
}

interface Case {
  name: string;
  start: () => Promise<HttpEmulatorHandle>;
  make: (config: ProviderConfig) => LLMProvider;
  makeNonStreaming: (config: ProviderConfig) => LLMProvider;
  model: string;
}

const cases: Case[] = [
  {
    name: 'Ollama',
    start: () => startOllamaEmulator(),
    make: (config) => new OllamaProvider(config),
    makeNonStreaming: (config) => new NonStreamingOllama(config),
    model: 'llama3.2',
  },
  {
    name: 'LM Studio (OpenAI-compatible)',
    start: () => startLMStudioRestEmulator(),
    make: (config) => new OpenAICompatibleProvider(config),
    makeNonStreaming: (config) => new NonStreamingLMStudio(config),
    model: 'qwen2.5-7b-instruct',
  },
];

describe('supportsStreaming flags', () => {
  it('is true for the Ollama and LM Studio REST providers, as the factory builds them', async () => {
    const ollama = await createProvider('ollama', { baseUrl: 'http://127.0.0.1:11434' });
    const lmstudio = await createProvider('lmstudio-rest', { baseUrl: 'http://127.0.0.1:1234/v1' });
    expect(ollama).toBeInstanceOf(OllamaProvider);
    expect(lmstudio).toBeInstanceOf(OpenAICompatibleProvider);
    expect(ollama.supportsStreaming).toBe(true);
    expect(lmstudio.supportsStreaming).toBe(true);
    expect(new NonStreamingOllama({ baseUrl: 'http://127.0.0.1:11434' }).supportsStreaming).toBe(false);
  });
});

describe.each(cases)('$name streaming', ({ start, make, makeNonStreaming, model }) => {
  let emulator: HttpEmulatorHandle;
  beforeAll(async () => {
    emulator = await start();
    emulator.script({ tokens: COUNT, tokenDelayMs: 2 });
  });
  afterAll(() => emulator.close());

  const options = () => ({ model, signal: new AbortController().signal });

  it('a provider with supportsStreaming = false falls back to exactly one chunk (one non-streamed request)', async () => {
    const before = emulator.requests.length;
    const chunks = await collect(makeNonStreaming({ baseUrl: emulator.url }).chatStream(MESSAGES, options()));
    expect(chunks).toEqual([COUNT.join('')]);
    const sent = emulator.requests
      .slice(before)
      .map((request) => (request.body as { stream?: unknown }).stream);
    expect(sent).toEqual([false]);
  });

  it('real streaming yields many chunks, in order', async () => {
    const chunks = await collect(make({ baseUrl: emulator.url }).chatStream(MESSAGES, options()));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks).toEqual(COUNT);
  });

  it('chat() and the joined chatStream() give the same text', async () => {
    const provider = make({ baseUrl: emulator.url });
    const whole = await provider.chat(MESSAGES, options());
    const joined = (await collect(provider.chatStream(MESSAGES, options()))).join('');
    expect(whole).toBe('1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12.');
    expect(joined).toBe(whole);
  });
});
