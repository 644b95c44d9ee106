import { afterEach, describe, expect, it } from 'vitest';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import type { ChatMessage } from '../../src/lib/vocabulary/chat';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { collect, lastFinish } from '../emulators/http-test-helpers';
import {
  startLMStudioRestEmulator,
  type LMStudioRestEmulatorOptions,
} from '../emulators/lmstudio-rest-emulator';

const MODEL = 'qwen2.5-7b-instruct';
const HELLO: ChatMessage[] = [{ role: 'user', content: 'Say hello' }];

let emulator: HttpEmulatorHandle | undefined;

async function start(options: LMStudioRestEmulatorOptions = {}, apiKey?: string) {
  emulator = await startLMStudioRestEmulator(options);
  const provider = new OpenAICompatibleProvider({ baseUrl: emulator.url, ...(apiKey ? { apiKey } : {}) });
  return { emulator, provider };
}

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const signal = () => new AbortController().signal;
const chatBodies = (handle: HttpEmulatorHandle) =>
  handle.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body);

describe('OpenAICompatibleProvider request shape', () => {
  it('sends model, messages, system prompt and options under OpenAI names, asking for usage', async () => {
    const { emulator, provider } = await start();
    emulator.script({ tokens: ['ok'] });
    await collect(
      provider.events(HELLO, {
        model: MODEL,
        signal: signal(),
        systemPrompt: 'Be brief.',
        temperature: 0.3,
        maxTokens: 42,
        topP: 0.9,
        seed: 7,
        stop: ['END'],
        // No OpenAI name: the context length is fixed when LM Studio loads the model.
        contextLength: 4096,
        think: true,
        responseFormat: 'json',
        tools: [{ name: 'get_time', parameters: { type: 'object', properties: {} } }],
      }),
    );
    expect(chatBodies(emulator)).toEqual([
      {
        model: MODEL,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello' },
        ],
        temperature: 0.3,
        max_tokens: 42,
        top_p: 0.9,
        seed: 7,
        stop: ['END'],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'response', schema: { type: 'object' } },
        },
        tools: [
          {
            type: 'function',
            function: { name: 'get_time', parameters: { type: 'object', properties: {} } },
          },
        ],
        stream: true,
        stream_options: { include_usage: true },
      },
    ]);
  });

  it('sends images as data-URL parts, stream:false in complete(), and no model when none is chosen', async () => {
    const { emulator, provider } = await start();
    await provider.complete(
      [
        {
          role: 'user',
          content: 'What is this?',
          images: [{ name: 'a.jpg', mimeType: 'image/jpeg', base64: '/9j/4AAQ' }],
        },
      ],
      {
        signal: signal(),
      },
    );
    expect(chatBodies(emulator)).toEqual([
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
            ],
          },
        ],
        stream: false,
      },
    ]);
  });

  it('sends no Authorization header without a key, and Bearer <key> with one', async () => {
    const { emulator, provider } = await start();
    await provider.listModels(signal());
    expect(emulator.requests[0]?.headers.authorization).toBeUndefined();
    // Nothing but simple headers and Content-Type, so a CORS preflight asks for little.
    expect(Object.keys(emulator.requests[0]?.headers ?? {}).filter((name) => name.startsWith('x-'))).toEqual(
      [],
    );
    await emulator.close();
    const keyed = await start({ apiKey: 'sk-local' }, 'sk-local');
    await keyed.provider.listModels(signal());
    expect(keyed.emulator.requests[0]?.headers.authorization).toBe('Bearer sk-local');
  });
});

describe('OpenAICompatibleProvider events', () => {
  it('streams reasoning_content, text, assembled tool calls and a finish with usage', async () => {
    const { emulator, provider } = await start();
    emulator.script({
      reasoningTokens: ['Think', 'ing'],
      tokens: ['Noon', '.'],
      toolCalls: [{ id: 'call-1', name: 'get_time', arguments: { zone: 'UTC', precise: true } }],
    });
    const events = await collect(provider.events(HELLO, { model: MODEL, signal: signal() }));
    expect(events.slice(0, -1)).toEqual([
      { type: 'reasoning', text: 'Think' },
      { type: 'reasoning', text: 'ing' },
      { type: 'text', text: 'Noon' },
      { type: 'text', text: '.' },
      {
        type: 'tool-call',
        call: { id: 'call-1', name: 'get_time', arguments: '{"zone":"UTC","precise":true}' },
      },
    ]);
    const finish = lastFinish(events);
    expect(finish).toMatchObject({ reason: 'tool-calls', rawReason: 'tool_calls', model: MODEL });
    expect(finish.stats.completionTokens).toBe(4);
    expect(finish.stats.promptTokens).toBeGreaterThan(0);
  });

  it('reads reasoning sent as `reasoning` (newer builds, vLLM) too', async () => {
    const { emulator, provider } = await start({ reasoningField: 'reasoning' });
    emulator.script({ reasoningTokens: ['hmm'], tokens: ['ok'] });
    const result = await provider.complete(HELLO, { model: MODEL, signal: signal() });
    expect(result).toMatchObject({
      reasoning: 'hmm',
      text: 'ok',
      finishReason: 'stop',
      rawFinishReason: 'stop',
    });
    const events = await collect(provider.events(HELLO, { model: MODEL, signal: signal() }));
    expect(events.filter((event) => event.type === 'reasoning')).toEqual([
      { type: 'reasoning', text: 'hmm' },
    ]);
  });

  it('maps finish_reason "length" and decodes emoji and CJK split across writes', async () => {
    const { emulator, provider } = await start();
    const tokens = ['Hi ', '🌍', ' 你好', '世界', ' naïve ', '👩‍👩‍👧'];
    emulator.script({ tokens, splitUtf8: true, finishReason: 'length' });
    const events = await collect(provider.events(HELLO, { model: MODEL, signal: signal() }));
    const text = events.flatMap((event) => (event.type === 'text' ? [event.text] : [])).join('');
    expect(text).toBe(tokens.join(''));
    expect(lastFinish(events)).toMatchObject({ reason: 'length', rawReason: 'length' });
  });

  it('reads a burst of 500 events in one write, in order', async () => {
    const { emulator, provider } = await start();
    const tokens = Array.from({ length: 500 }, (_, i) => `t${i} `);
    emulator.script({ tokens, burst: true });
    expect(await collect(provider.chatStream(HELLO, { model: MODEL, signal: signal() }))).toEqual(tokens);
  });
});

describe('OpenAICompatibleProvider listModels', () => {
  it('lists /v1/models with what LM Studio’s REST API v1 says: loaded with its context, size, vision', async () => {
    const { provider, emulator } = await start({ models: ['a-model', 'b-model'] });
    const common = {
      contextLength: 32768,
      sizeBytes: 2_497_280_256,
      quantization: 'Q4_K_M',
      family: 'qwen2',
    };
    expect(await provider.listModels(signal())).toEqual([
      { id: 'a-model', loaded: true, loadedContextLength: 4096, ...common, capabilities: [] },
      { id: 'b-model', loaded: false, ...common, capabilities: ['vision'] },
    ]);
    expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/models',
      'GET /api/v1/models',
    ]);
  });

  it('an LM Studio before 0.4 (no REST API v1) is read from /api/v0/models: loaded, context, vision', async () => {
    const { provider, emulator } = await start({ models: ['a-model', 'b-model'], restApiV1: false });
    expect(await provider.listModels(signal())).toEqual([
      { id: 'a-model', loaded: true, contextLength: 32768, quantization: 'Q4_K_M', capabilities: [] },
      {
        id: 'b-model',
        loaded: false,
        contextLength: 32768,
        quantization: 'Q4_K_M',
        capabilities: ['vision'],
      },
    ]);
    expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/models',
      'GET /api/v1/models',
      'GET /api/v0/models',
    ]);
  });

  it('reads what llama.cpp (also in router mode) and vLLM put in /v1/models, asking a single llama.cpp only its /props', async () => {
    for (const [flavor, expected, paths] of [
      [
        'llama.cpp',
        [{ id: 'a', contextLength: 32768, loadedContextLength: 4096, sizeBytes: 2_497_280_256 }],
        ['/v1/models', '/props'],
      ],
      [
        'llama.cpp-router',
        [
          { id: 'a', loaded: true },
          { id: 'b', loaded: false },
        ],
        ['/v1/models'],
      ],
      ['vllm', [{ id: 'a', contextLength: 32768 }], ['/v1/models']],
    ] as const) {
      const emulator = await startLMStudioRestEmulator({
        flavor,
        models: flavor === 'llama.cpp-router' ? ['a', 'b'] : ['a'],
      });
      try {
        const provider = new OpenAICompatibleProvider({ baseUrl: emulator.url }, 'openai-compatible');
        expect(await provider.listModels(signal()), flavor).toEqual(expected);
        expect(emulator.requests.map((r) => r.path)).toEqual(paths);
      } finally {
        await emulator.close();
      }
    }
  });
});
