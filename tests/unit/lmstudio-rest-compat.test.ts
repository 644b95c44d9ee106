import { afterEach, describe, expect, it } from 'vitest';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import { startHttpEmulator, type HttpEmulatorHandle } from '../emulators/http-base';
import { collect, lastFinish, providerFailure } from '../emulators/http-test-helpers';

/**
 * Other OpenAI-compatible servers (llama.cpp, vLLM, Ollama's /v1) differ from LM Studio in
 * small ways. Each case serves a fixed body and checks the provider copes.
 */

let server: HttpEmulatorHandle | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(body: string, contentType = 'text/event-stream'): Promise<OpenAICompatibleProvider> {
  server = await startHttpEmulator(({ res }) => {
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(body);
  }, '/v1');
  return new OpenAICompatibleProvider({ baseUrl: server.url });
}

const sse = (...events: unknown[]) =>
  events.map((event) => `data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`).join('');
const delta = (value: Record<string, unknown>, finish: string | null = null, index = 0) => ({
  choices: [{ index, delta: value, finish_reason: finish }],
});
const options = () => ({ model: 'm', signal: new AbortController().signal });

describe('OpenAI-compatible servers other than LM Studio', () => {
  it('llama.cpp style: no role, no usage, no [DONE] after the finish chunk, extra fields', async () => {
    const provider = await serve(
      sse({ ...delta({ content: 'Hel' }), timings: { predicted_ms: 3 } }, delta({ content: 'lo' }), {
        ...delta({}, 'stop'),
        x_extra: true,
      }),
    );
    const events = await collect(provider.events([{ role: 'user', content: 'hi' }], options()));
    expect(events).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'finish', reason: 'stop', rawReason: 'stop', stats: {} },
    ]);
  });

  it('llama.cpp timings: its own speed, and its counts when there is no usage', async () => {
    const timings = { cache_n: 4, prompt_n: 9, predicted_n: 2, predicted_per_second: 212.5, prompt_ms: 3 };
    const provider = await serve(
      sse(delta({ content: 'Hi' }), { ...delta({}, 'length'), timings }, '[DONE]'),
    );
    const finish = lastFinish(await collect(provider.events([{ role: 'user', content: 'hi' }], options())));
    expect(finish.stats).toEqual({ promptTokens: 13, completionTokens: 2, tokensPerSecond: 212.5 });

    const withUsage = await serve(
      sse(
        delta({ content: 'Hi' }),
        delta({}, 'stop'),
        {
          choices: [],
          usage: { prompt_tokens: 20, completion_tokens: 1 },
          timings: { predicted_per_second: 0 },
        },
        '[DONE]',
      ),
    );
    const second = lastFinish(await collect(withUsage.events([{ role: 'user', content: 'hi' }], options())));
    // Usage wins for the counts; a zero speed is no speed.
    expect(second.stats).toEqual({ promptTokens: 20, completionTokens: 1 });
  });

  it('no finish_reason at all but [DONE]: a normal stop', async () => {
    const provider = await serve(sse(delta({ content: 'ok' }), '[DONE]'));
    const events = await collect(provider.events([], options()));
    expect(lastFinish(events)).toEqual({ type: 'finish', reason: 'stop', stats: {} });
  });

  it('ignores other choices, empty deltas and null content', async () => {
    const provider = await serve(
      sse(
        delta({ content: 'mine' }),
        delta({ content: 'not mine' }, null, 1),
        delta({ content: null }),
        delta({}, 'stop'),
        '[DONE]',
      ),
    );
    expect(await collect(provider.chatStream([], options()))).toEqual(['mine']);
  });

  it('a server that ignores stream:true and sends one JSON completion still gives the answer', async () => {
    const provider = await serve(
      JSON.stringify({
        choices: [{ index: 0, message: { role: 'assistant', content: 'whole' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 1 },
      }),
      'application/json',
    );
    const events = await collect(provider.events([], options()));
    expect(events).toEqual([
      { type: 'text', text: 'whole' },
      { type: 'finish', reason: 'stop', rawReason: 'stop', stats: { promptTokens: 3, completionTokens: 1 } },
    ]);
  });

  it('an `event: error` SSE event is a broken stream with the server message', async () => {
    const provider = await serve(
      `${sse(delta({ content: 'par' }))}event: error\ndata: {"message":"overloaded"}\n\n`,
    );
    const error = await providerFailure(() => collect(provider.events([], options())));
    expect(error.kind).toBe('stream-broken');
    expect(error.message).toContain('overloaded');
    expect(error.partialText).toBe('par');
  });

  it('tool-call arguments sent as one object, and calls without an index', async () => {
    const provider = await serve(
      sse(
        delta({ tool_calls: [{ id: 'a', function: { name: 'f', arguments: { x: 1 } } }] }),
        delta({}, 'tool_calls'),
        '[DONE]',
      ),
    );
    const events = await collect(provider.events([], options()));
    expect(events[0]).toEqual({ type: 'tool-call', call: { id: 'a', name: 'f', arguments: '{"x":1}' } });
    expect(lastFinish(events).reason).toBe('tool-calls');
  });

  it('a 200 reply that is not JSON is a bad response, not an answer', async () => {
    const provider = await serve('<html>proxy login</html>', 'text/html');
    const error = await providerFailure(() => provider.complete([], options()));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('not JSON');
  });
});
