// The context gauge's figures: which limit applies, how full the chat is (the last answer's own
// counts plus estimates), when the next message would overflow, and what servers say of their
// context (Ollama /api/ps, llama.cpp /props) and of a prompt that does not fit.
import { afterEach, describe, expect, it } from 'vitest';
import {
  contextLimit,
  contextUsage,
  estimateTokens,
  OLLAMA_DEFAULT_CONTEXT,
} from '../../src/lib/stores/context-usage';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import { ProviderError } from '../../src/lib/providers/errors';
import type { MessageRecord } from '../../src/lib/vocabulary/records';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';
import { startOllamaEmulator } from '../emulators/ollama-emulator';
import { collect } from '../emulators/http-test-helpers';
import type { EmulatorHandle } from '../emulators/scenario';

const started: EmulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

function message(role: 'user' | 'assistant', content: string, stats?: MessageRecord['stats']): MessageRecord {
  return {
    id: `${role}-${content.length}-${Math.random()}`,
    conversationId: 'c',
    seq: 0,
    role,
    content,
    createdAt: 0,
    updatedAt: 0,
    status: 'complete',
    ...(stats ? { stats } : {}),
  };
}

const base = { systemPrompt: '' };

describe('context limit', () => {
  it("takes the chat's own context on Ollama, then the running model's, then Ollama's default", () => {
    expect(
      contextLimit('ollama', { ...base, contextLength: 8192 }, { id: 'm', loadedContextLength: 4096 }),
    ).toEqual({
      tokens: 8192,
      source: 'chat',
    });
    expect(
      contextLimit('ollama', base, { id: 'm', loadedContextLength: 2048, contextLength: 131072 }),
    ).toEqual({
      tokens: 2048,
      source: 'loaded',
    });
    expect(contextLimit('ollama', base, { id: 'm', contextLength: 131072 })).toEqual({
      tokens: OLLAMA_DEFAULT_CONTEXT,
      source: 'server-default',
    });
  });

  it("elsewhere ignores the chat's setting (fixed at load) and falls back to the model's maximum, or nothing", () => {
    expect(
      contextLimit('openai-compatible', { ...base, contextLength: 99 }, { id: 'm', contextLength: 32768 }),
    ).toEqual({ tokens: 32768, source: 'model' });
    expect(contextLimit('lmstudio-rest', base, { id: 'm' })).toBeUndefined();
  });
});

describe('context usage', () => {
  const limit = { tokens: 1000, source: 'loaded' as const };

  it("counts from the last answer's prompt and completion tokens and estimates what follows", () => {
    const messages = [
      message('user', 'x'.repeat(400)),
      message('assistant', 'y'.repeat(400), { promptTokens: 120, completionTokens: 80 }),
      message('user', 'z'.repeat(40)),
    ];
    const usage = contextUsage(messages, base, limit, '');
    expect(usage?.used).toBe(120 + 80 + estimateTokens('z'.repeat(40)) + 4);
    expect(usage?.estimated).toBe(true);
    expect(usage?.level).toBe('ok');
    const exact = contextUsage(messages.slice(0, 2), base, limit, '');
    expect(exact).toMatchObject({ used: 200, estimated: false });
  });

  it('estimates everything, the system prompt included, before any answer has counts', () => {
    const usage = contextUsage(
      [message('user', 'a'.repeat(80))],
      { systemPrompt: 'b'.repeat(40) },
      limit,
      '',
    );
    expect(usage).toMatchObject({ used: 10 + 4 + 20 + 4, estimated: true });
  });

  it('warns near the end and says "over" when the draft and room for an answer would not fit', () => {
    const messages = [message('assistant', 'done', { promptTokens: 500, completionTokens: 100 })];
    expect(contextUsage(messages, base, limit, '')?.level).toBe('ok'); // 600 + 256 room
    expect(contextUsage(messages, base, limit, 'q'.repeat(200))?.level).toBe('near'); // + 54
    expect(contextUsage(messages, base, limit, 'q'.repeat(800))?.level).toBe('over'); // + 204
    expect(contextUsage(messages, { ...base, maxTokens: 50 }, limit, 'q'.repeat(800))?.level).toBe('ok');
  });
});

describe('what servers say of context', () => {
  it('Ollama: a loaded model carries the context it was loaded with (/api/ps)', async () => {
    const ollama = await startOllamaEmulator({ loaded: ['qwen3:0.6b'] });
    started.push(ollama);
    const models = await new OllamaProvider({ baseUrl: ollama.url }).listModels(new AbortController().signal);
    expect(models.find((m) => m.id === 'qwen3:0.6b')?.loadedContextLength).toBe(4096);
    expect(models.find((m) => m.id === 'llama3.2:latest')?.loadedContextLength).toBeUndefined();
  });

  it("llama.cpp: the slot's context from /props; a prompt past it is refused in words that say what to do", async () => {
    const server = await startLMStudioRestEmulator({
      flavor: 'llama.cpp',
      models: ['qwen3-4b'],
      contextLimit: 50,
    });
    started.push(server);
    const provider = new OpenAICompatibleProvider(
      { baseUrl: server.url, name: 'My llama.cpp', preset: 'llama-cpp' },
      'openai-compatible',
    );
    const [model] = await provider.listModels(new AbortController().signal);
    expect(model).toMatchObject({ id: 'qwen3-4b', contextLength: 32768, loadedContextLength: 50 });
    const error = await collect(
      provider.events([{ role: 'user', content: 'w'.repeat(400) }], {
        model: 'qwen3-4b',
        signal: new AbortController().signal,
      }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    const text = (error as ProviderError).message;
    expect(text).toContain("no longer fits in the model's context");
    expect(text).toContain('request (100 tokens) exceeds the available context size (50 tokens)');
    expect(text).toMatch(
      /start a new chat, raise the context length \(start llama-server with a larger --ctx-size\)/,
    );
    expect(text).not.toMatch(/HTTP 400/);
  });
});
