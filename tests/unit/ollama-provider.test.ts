import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import type { ChatMessage } from '../../src/lib/vocabulary/chat';
import { collect, lastFinish } from '../emulators/http-test-helpers';
import { startOllamaEmulator } from '../emulators/ollama-emulator';
import type { EmulatorHandle } from '../emulators/scenario';

const MODEL = 'llama3.2';
const HELLO: ChatMessage[] = [{ role: 'user', content: 'Say hello' }];

let emulator: EmulatorHandle;
let provider: OllamaProvider;

beforeEach(async () => {
  emulator = await startOllamaEmulator();
  provider = new OllamaProvider({ baseUrl: emulator.url });
});

afterEach(async () => {
  await emulator.close();
});

const chatRequests = (): unknown[] =>
  emulator.requests.filter((request) => request.path === '/api/chat').map((request) => request.body);

describe('OllamaProvider request shape', () => {
  it('sends model, messages, system prompt and options under Ollama names', async () => {
    emulator.script({ tokens: ['ok'] });
    await collect(
      provider.events(HELLO, {
        model: MODEL,
        signal: new AbortController().signal,
        systemPrompt: 'Be brief.',
        temperature: 0.3,
        maxTokens: 42,
        topP: 0.9,
        seed: 7,
        stop: ['END'],
        contextLength: 4096,
        think: true,
        responseFormat: { schema: { type: 'object', properties: { a: { type: 'string' } } } },
        tools: [{ name: 'get_time', description: 'Now', parameters: { type: 'object', properties: {} } }],
      }),
    );
    expect(chatRequests()).toEqual([
      {
        model: MODEL,
        stream: true,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello' },
        ],
        options: { temperature: 0.3, num_predict: 42, top_p: 0.9, seed: 7, stop: ['END'], num_ctx: 4096 },
        think: true,
        format: { type: 'object', properties: { a: { type: 'string' } } },
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_time',
              description: 'Now',
              parameters: { type: 'object', properties: {} },
            },
          },
        ],
      },
    ]);
  });

  it('asks for stream:false in complete() and sends "json" format and images as given', async () => {
    emulator.script({ tokens: ['{}'] });
    const image = { name: 'a.png', mimeType: 'image/png', base64: 'iVBORw0KGgo=' };
    await provider.complete([{ role: 'user', content: 'Describe', images: [image] }], {
      model: MODEL,
      signal: new AbortController().signal,
      responseFormat: 'json',
    });
    expect(chatRequests()).toEqual([
      {
        model: MODEL,
        stream: false,
        messages: [{ role: 'user', content: 'Describe', images: ['iVBORw0KGgo='] }],
        format: 'json',
      },
    ]);
  });
});

describe('OllamaProvider events', () => {
  it('streams reasoning, text, tool calls and one finish with stats converted from nanoseconds', async () => {
    emulator.script({
      reasoningTokens: ['Let me', ' think'],
      tokens: ['It', ' is', ' noon'],
      toolCalls: [{ name: 'get_time', arguments: { zone: 'UTC' } }],
    });
    const events = await collect(
      provider.events(HELLO, { model: MODEL, signal: new AbortController().signal }),
    );
    expect(events.slice(0, -1)).toEqual([
      { type: 'reasoning', text: 'Let me' },
      { type: 'reasoning', text: ' think' },
      { type: 'text', text: 'It' },
      { type: 'text', text: ' is' },
      { type: 'text', text: ' noon' },
      { type: 'tool-call', call: { id: 'call_0', name: 'get_time', arguments: { zone: 'UTC' } } },
    ]);
    const finish = lastFinish(events);
    expect(finish.reason).toBe('tool-calls');
    expect(finish.rawReason).toBe('stop');
    expect(finish.model).toBe(MODEL);
    // The emulator reports 25 ms per generated token (5 tokens) and 1 ms per prompt token.
    expect(finish.stats.completionTokens).toBe(5);
    expect(finish.stats.tokensPerSecond).toBeCloseTo(40, 6);
    const prompt = finish.stats.promptTokens ?? 0;
    expect(prompt).toBeGreaterThan(0);
    expect(finish.stats.loadDurationSec).toBeCloseTo(0.005, 9);
    expect(finish.stats.timeToFirstTokenSec).toBeCloseTo(0.005 + prompt * 0.001, 9);
    expect(finish.stats.totalDurationSec).toBeCloseTo(0.005 + prompt * 0.001 + 5 * 0.025, 9);
  });

  it('maps done_reason "length" to a length finish and keeps the raw word', async () => {
    emulator.script({ tokens: ['a', 'b'], finishReason: 'length' });
    const result = await provider.complete(HELLO, { model: MODEL, signal: new AbortController().signal });
    expect(result).toMatchObject({
      text: 'ab',
      finishReason: 'length',
      rawFinishReason: 'length',
      model: MODEL,
    });
  });

  it('decodes emoji and CJK split across network writes', async () => {
    const tokens = ['Hi ', '🌍', ' 你好', '世界', ' café ', '👩‍👩‍👧'];
    emulator.script({ tokens, splitUtf8: true });
    const text = (
      await collect(provider.chatStream(HELLO, { model: MODEL, signal: new AbortController().signal }))
    ).join('');
    expect(text).toBe(tokens.join(''));
  });

  it('reads a burst (every line in one write) in order', async () => {
    const tokens = Array.from({ length: 500 }, (_, i) => `t${i} `);
    emulator.script({ tokens, burst: true });
    const chunks = await collect(
      provider.chatStream(HELLO, { model: MODEL, signal: new AbortController().signal }),
    );
    expect(chunks).toEqual(tokens);
  });
});

describe('OllamaProvider listModels', () => {
  it('lists /api/tags with what /api/show and /api/ps say: context, capabilities, loaded', async () => {
    const models = await provider.listModels(new AbortController().signal);
    expect(models).toEqual([
      {
        id: 'llama3.2:latest',
        name: 'llama3.2:latest',
        sizeBytes: 2_019_393_189,
        family: 'llama',
        parameterSize: '3.2B',
        quantization: 'Q4_K_M',
        contextLength: 131072,
        capabilities: ['tools'],
        loaded: false,
      },
      {
        id: 'qwen3:0.6b',
        name: 'qwen3:0.6b',
        sizeBytes: 522_653_767,
        family: 'qwen3',
        parameterSize: '751.63M',
        quantization: 'Q4_K_M',
        contextLength: 40960,
        capabilities: ['tools', 'thinking'],
        loaded: false,
      },
    ]);
    const asked = () => emulator.requests.map((request) => `${request.method} ${request.path}`);
    expect(asked().sort()).toEqual(['GET /api/ps', 'GET /api/tags', 'POST /api/show', 'POST /api/show']);
    // Read again (as after every answer): each model's details are asked for once only.
    await provider.listModels(new AbortController().signal);
    expect(asked().filter((r) => r === 'POST /api/show')).toHaveLength(2);
  });

  it('marks the models in memory as loaded (/api/ps)', async () => {
    const loaded = await startOllamaEmulator({ loaded: ['qwen3:0.6b'] });
    try {
      const models = await new OllamaProvider({ baseUrl: loaded.url }).listModels(
        new AbortController().signal,
      );
      expect(models.map((m) => [m.id, m.loaded])).toEqual([
        ['llama3.2:latest', false],
        ['qwen3:0.6b', true],
      ]);
    } finally {
      await loaded.close();
    }
  });
});
