import { afterEach, describe, expect, it } from 'vitest';
import OpenAI, { APIError, NotFoundError } from 'openai';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import {
  startLMStudioRestEmulator,
  type LMStudioRestEmulatorOptions,
} from '../emulators/lmstudio-rest-emulator';

/**
 * The LM Studio REST emulator against the real `openai` package's own parsing (its Stream and
 * error classes) and against raw fetch for the exact SSE bytes, statuses and CORS behaviour.
 */

const MODEL = 'qwen2.5-7b-instruct';

let emulator: HttpEmulatorHandle | undefined;
async function start(options?: LMStudioRestEmulatorOptions): Promise<HttpEmulatorHandle> {
  emulator = await startLMStudioRestEmulator(options);
  return emulator;
}
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const client = (server: HttpEmulatorHandle) =>
  new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0, dangerouslyAllowBrowser: true });

async function rawChat(server: HttpEmulatorHandle, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
}

describe('LM Studio REST emulator through the openai package', () => {
  it("streams chunks the package's own Stream reads: role first, reasoning, finish, usage, [DONE]", async () => {
    const server = await start();
    server.script({ reasoningTokens: ['r'], tokens: ['Hel', 'lo'] });
    const stream = await client(server).chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta as Record<string, unknown> | undefined);
    expect(deltas).toEqual([
      { role: 'assistant', reasoning_content: 'r' },
      { content: 'Hel' },
      { content: 'lo' },
      {},
      undefined,
    ]);
    expect(chunks[3]?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks[4]).toMatchObject({ choices: [], usage: { completion_tokens: 3 } });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === MODEL)).toBe(
      true,
    );
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('answers stream:false with a chat.completion, and /v1/models with a list', async () => {
    const server = await start();
    server.script({ tokens: ['a', 'b'] });
    const completion = await client(server).chat.completions.create({ model: MODEL, messages: [] });
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content: 'ab' }, finish_reason: 'stop' }],
      usage: { completion_tokens: 2 },
    });
    const models = await client(server).models.list();
    expect(models.data.map((model) => model.id)).toEqual(['qwen2.5-7b-instruct', 'qwen/qwen3-4b']);
  });

  it("gives the package LM Studio's 404 model_not_found error", async () => {
    const server = await start();
    const failure = client(server).chat.completions.create({ model: 'ghost', messages: [] });
    await expect(failure).rejects.toBeInstanceOf(NotFoundError);
    await expect(failure).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
  });

  it("makes the package's Stream throw the error event sent mid-stream", async () => {
    const server = await start();
    server.script({ tokens: ['a', 'b'], failAfterTokens: 1, failMessage: 'Model unloaded' });
    const stream = await client(server).chat.completions.create({ model: MODEL, messages: [], stream: true });
    await expect(async () => {
      for await (const chunk of stream) expect(chunk.choices[0]?.delta.content).toBe('a');
    }).rejects.toThrow(APIError);
  });
});

describe('LM Studio REST emulator on the wire', () => {
  it('sends text/event-stream events and ends with data: [DONE]; usage only when include_usage', async () => {
    const server = await start();
    server.script({ tokens: ['x'] });
    const response = await rawChat(server, { stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const events = text.split('\n\n');
    expect(events.pop()).toBe('');
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
    expect(text).not.toContain('"usage"');
    const withUsage = await (
      await rawChat(server, { stream: true, stream_options: { include_usage: true } })
    ).text();
    expect(withUsage).toContain('"choices":[],"usage":{');
  });

  it('answers unknown paths with 200 and an "Unexpected endpoint" error, like LM Studio', async () => {
    const server = await start();
    const response = await fetch(`${server.url.replace(/\/v1$/, '')}/api/tags`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ error: 'Unexpected endpoint or method. (GET /api/tags)' });
  });

  it('sends no CORS headers by default; with cors:true it allows any origin and answers preflights', async () => {
    const preflight = (url: string) =>
      fetch(`${url}/chat/completions`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:5173',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-stainless-os',
        },
      });
    const closed = await start();
    const refused = await preflight(closed.url);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const get = await fetch(`${closed.url}/models`, { headers: { Origin: 'http://localhost:5173' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    await closed.close();
    const open = await start({ cors: true });
    const allowed = await preflight(open.url);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('*');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type,x-stainless-os');
    const models = await fetch(`${open.url}/models`, { headers: { Origin: 'http://localhost:5173' } });
    expect(models.headers.get('access-control-allow-origin')).toBe('*');
  });
});
