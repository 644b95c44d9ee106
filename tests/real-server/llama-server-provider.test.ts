import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import type { ChatMessage, ChatOptions, StreamEvent } from '../../src/lib/vocabulary/chat';
import { collect, providerFailure } from '../emulators/http-test-helpers';
import { startLlamaServer, type LlamaServerHandle } from '../support/llama-server';
import { idleSlot } from './slots';

/**
 * Brook's OpenAI-compatible provider (the real `openai` package underneath) against a real
 * llama.cpp llama-server with a tiny random-weights model: nothing here was written by us but
 * the client. The model's text is gibberish; its tokens, sampling, grammar and the server's
 * protocol are real.
 */

const HELLO: ChatMessage[] = [{ role: 'user', content: 'Say something.' }];

let server: LlamaServerHandle;
let provider: OpenAICompatibleProvider;
let model: string;

beforeAll(async () => {
  server = await startLlamaServer();
  provider = new OpenAICompatibleProvider(
    { baseUrl: `${server.url}/v1`, name: 'llama.cpp', preset: 'llama-cpp' },
    'openai-compatible',
  );
  const models = await provider.listModels(AbortSignal.timeout(10_000));
  model = models[0]!.id;
});
afterAll(() => server?.stop());

function options(extra: Partial<ChatOptions> = {}): ChatOptions {
  return { model, signal: new AbortController().signal, ...extra };
}

async function answer(messages: ChatMessage[], extra: Partial<ChatOptions>) {
  const events = await collect(provider.events(messages, options(extra)));
  const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
  const finish = events.find((e): e is Extract<StreamEvent, { type: 'finish' }> => e.type === 'finish');
  return { events, text, finish };
}

describe('llama-server: streaming', () => {
  it('lists the model it serves', () => {
    expect(model).toMatch(/brook-tiny/);
  });

  it('grows token by token and ends with usage and a finish reason', async () => {
    const { events, text, finish } = await answer(HELLO, { maxTokens: 32, temperature: 0.8, seed: 1 });
    const texts = events.filter((e) => e.type === 'text');
    // One event per token, give or take tokens the server holds back (partial UTF-8, stop prefixes).
    expect(texts.length).toBeGreaterThan(16);
    expect(text.trim().length).toBeGreaterThan(0);
    expect(events.at(-1)?.type).toBe('finish');
    expect(finish?.reason).toBe('length');
    expect(finish?.rawReason).toBe('length');
    expect(finish?.stats.completionTokens).toBe(32);
    expect(finish?.stats.promptTokens).toBeGreaterThan(3);
    // The server's own speed, from its `timings`.
    expect(finish?.stats.tokensPerSecond).toBeGreaterThan(0);
  });

  it('max tokens ends the answer with "length" at exactly that many tokens', async () => {
    const { finish } = await answer(HELLO, { maxTokens: 5, seed: 2 });
    expect(finish?.reason).toBe('length');
    expect(finish?.stats.completionTokens).toBe(5);
  });

  it('the same seed gives the same text, another seed another text', async () => {
    const first = await answer(HELLO, { maxTokens: 24, temperature: 1, seed: 42 });
    const again = await answer(HELLO, { maxTokens: 24, temperature: 1, seed: 42 });
    const other = await answer(HELLO, { maxTokens: 24, temperature: 1, seed: 43 });
    expect(again.text).toBe(first.text);
    expect(other.text).not.toBe(first.text);
  });

  it('a stop sequence ends the answer just before it, with finish reason "stop"', async () => {
    // Greedy decoding is deterministic: pick a piece from the middle of the free answer, ask again.
    const free = await answer(HELLO, { maxTokens: 40, temperature: 0 });
    const stop = stopPieceOf(free.text);
    const stopped = await answer(HELLO, { maxTokens: 40, temperature: 0, stop: [stop] });
    expect(stopped.text).toBe(free.text.slice(0, free.text.indexOf(stop)));
    expect(stopped.finish?.reason).toBe('stop');
  });

  it('a second turn sends the history: the server’s prompt holds both questions and the first answer', async () => {
    const first = await answer([{ role: 'user', content: 'First question, about rivers.' }], {
      maxTokens: 12,
      seed: 5,
    });
    const history: ChatMessage[] = [
      { role: 'user', content: 'First question, about rivers.' },
      { role: 'assistant', content: first.text },
      { role: 'user', content: 'Second question, about lakes.' },
    ];
    const second = await answer(history, { maxTokens: 12, seed: 6 });
    expect(second.finish?.stats.promptTokens).toBeGreaterThan(first.finish!.stats.promptTokens!);
    const slot = await idleSlot(server.url);
    expect(slot.prompt).toContain('First question, about rivers.');
    expect(slot.prompt).toContain(first.text.trim());
    expect(slot.prompt).toContain('Second question, about lakes.');
    expect(slot.prompt.indexOf('rivers')).toBeLessThan(slot.prompt.indexOf('lakes'));
  });

  it('a JSON schema is enforced by the server: the answer parses and matches it', async () => {
    const schema = {
      type: 'object',
      properties: {
        colour: { type: 'string', enum: ['red', 'green', 'blue'] },
        ok: { type: 'boolean' },
      },
      required: ['colour', 'ok'],
      additionalProperties: false,
    };
    const { text, finish } = await answer(HELLO, {
      maxTokens: 64,
      seed: 9,
      responseFormat: { schema, name: 'pick' },
    });
    const parsed = JSON.parse(text) as { colour: unknown; ok: unknown };
    expect(Object.keys(parsed).sort()).toEqual(['colour', 'ok']);
    expect(['red', 'green', 'blue']).toContain(parsed.colour);
    expect(typeof parsed.ok).toBe('boolean');
    expect(finish?.reason).toBe('stop');
  });
});

describe('llama-server: failures', () => {
  it('a prompt longer than the context gets the server’s own message and what to do', async () => {
    const long = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');
    const error = await providerFailure(() =>
      collect(provider.events([{ role: 'user', content: long }], options())),
    );
    expect(error.kind).toBe('http');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/exceeds the available context size/);
    expect(`${error.message} ${error.hint ?? ''}`).toMatch(/-c|--ctx-size|context/i);
    expect(error.partialText).toBe('');
  });

  it('Stop closes the connection and the server cancels the task at once', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await providerFailure(async () => {
      for await (const event of provider.events(HELLO, {
        ...options(),
        maxTokens: 1500,
        signal: controller.signal,
      })) {
        if (event.type === 'text') seen.push(event.text);
        if (seen.length === 8) controller.abort();
      }
    });
    expect(error.kind).toBe('aborted');
    expect(error.partialText).toBe(seen.join(''));
    const slot = await idleSlot(server.url);
    // The server's log says it cancelled the task, and its cache holds the prompt and the few
    // tokens made before that, far from the 1,500 asked for.
    expect(server.log()).toMatch(/cancel task, id_task = \d+/);
    expect(slot.n_prompt_tokens).toBeLessThan(300);
  });
});

describe('llama-server: --api-key', () => {
  let guarded: LlamaServerHandle;
  beforeAll(async () => {
    guarded = await startLlamaServer({ apiKey: 'brook-test-key' });
  });
  afterAll(() => guarded?.stop());

  it('without the key: the server’s 401, said as a key problem', async () => {
    const noKey = new OpenAICompatibleProvider(
      { baseUrl: `${guarded.url}/v1`, name: 'llama.cpp', preset: 'llama-cpp' },
      'openai-compatible',
    );
    const error = await providerFailure(() => collect(noKey.events(HELLO, options({ maxTokens: 4 }))));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(401);
    expect(`${error.message} ${error.hint ?? ''}`).toMatch(/key/i);
  });

  it('with the key: streams', async () => {
    const withKey = new OpenAICompatibleProvider(
      { baseUrl: `${guarded.url}/v1`, name: 'llama.cpp', preset: 'llama-cpp', apiKey: 'brook-test-key' },
      'openai-compatible',
    );
    const events = await collect(withKey.events(HELLO, options({ maxTokens: 4 })));
    expect(events.at(-1)).toMatchObject({ type: 'finish', reason: 'length' });
  });
});

describe('llama-server: killed mid-answer', () => {
  it('the partial text is kept and the error says the stream broke', async () => {
    const doomed = await startLlamaServer();
    const local = new OpenAICompatibleProvider(
      { baseUrl: `${doomed.url}/v1`, name: 'llama.cpp', preset: 'llama-cpp' },
      'openai-compatible',
    );
    const seen: string[] = [];
    let killed: Promise<void> | undefined;
    const error = await providerFailure(async () => {
      for await (const event of local.events(HELLO, options({ maxTokens: 1500 }))) {
        if (event.type === 'text') seen.push(event.text);
        if (seen.length === 8) killed ??= doomed.kill();
      }
    });
    await killed;
    expect(error.kind).toBe('stream-broken');
    expect(seen.length).toBeGreaterThanOrEqual(8);
    expect(error.partialText).toBe(seen.join(''));
  });
});

/** A piece of the answer, from its middle if it can, at the piece's first occurrence. */
function stopPieceOf(text: string): string {
  const starts = [Math.floor(text.length / 2), 4];
  for (const from of starts) {
    for (let start = from; start < text.length - 4; start += 1) {
      const piece = text.slice(start, start + 4);
      if (piece.trim().length === 4 && text.indexOf(piece) === start) return piece;
    }
  }
  throw new Error(`no stop piece in ${JSON.stringify(text)}`);
}
