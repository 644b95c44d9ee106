import { afterEach, describe, expect, it } from 'vitest';
import { Ollama } from 'ollama/browser';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { startOllamaEmulator, type OllamaEmulatorOptions } from '../emulators/ollama-emulator';

/**
 * The Ollama emulator against the real `ollama` package's own parsing (so its wire format is
 * what the package expects) and against raw fetch for the exact bytes, statuses and CORS.
 */

let emulator: HttpEmulatorHandle | undefined;
async function start(options?: OllamaEmulatorOptions): Promise<HttpEmulatorHandle> {
  emulator = await startOllamaEmulator(options);
  return emulator;
}
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const chatBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('Ollama emulator through ollama-js', () => {
  it('streams parts ollama-js reads, ending with done and the stats', async () => {
    const server = await start();
    server.script({ reasoningTokens: ['hmm'], tokens: ['Hel', 'lo'] });
    const ollama = new Ollama({ host: server.url });
    const parts = [];
    for await (const part of await ollama.chat({
      model: 'llama3.2',
      messages: [],
      stream: true,
      think: true,
    })) {
      parts.push(part);
    }
    expect(parts.map((part) => [part.message.thinking ?? '', part.message.content, part.done])).toEqual([
      ['hmm', '', false],
      ['', 'Hel', false],
      ['', 'lo', false],
      ['', '', true],
    ]);
    const last = parts.at(-1);
    expect(last).toMatchObject({
      model: 'llama3.2',
      done_reason: 'stop',
      eval_count: 3,
      eval_duration: 75_000_000,
    });
    expect(typeof last?.total_duration).toBe('number');
  });

  it('answers list, show, version and stream:false the way ollama-js expects', async () => {
    const server = await start();
    server.script({ tokens: ['a', 'b'] });
    const ollama = new Ollama({ host: server.url });
    expect((await ollama.list()).models.map((model) => model.name)).toEqual([
      'llama3.2:latest',
      'qwen3:0.6b',
    ]);
    expect((await ollama.show({ model: 'qwen3:0.6b' })).capabilities).toContain('thinking');
    expect(await ollama.version()).toEqual({ version: '0.12.6' });
    const whole = await ollama.chat({ model: 'llama3.2', messages: [], stream: false });
    expect(whole).toMatchObject({
      message: { role: 'assistant', content: 'ab' },
      done: true,
      done_reason: 'stop',
    });
  });

  it("gives ollama-js Ollama's 404 for an unknown model (ResponseError with status_code)", async () => {
    const server = await start();
    const ollama = new Ollama({ host: server.url });
    await expect(ollama.chat({ model: 'missing', messages: [] })).rejects.toMatchObject({
      name: 'ResponseError',
      status_code: 404,
      error: "model 'missing' not found",
    });
    await expect(ollama.show({ model: 'missing' })).rejects.toMatchObject({ status_code: 404 });
  });

  it('makes ollama-js throw the error line sent mid-stream', async () => {
    const server = await start();
    server.script({ tokens: ['a', 'b', 'c'], failAfterTokens: 1, failMessage: 'boom' });
    const ollama = new Ollama({ host: server.url });
    const seen: string[] = [];
    await expect(async () => {
      for await (const part of await ollama.chat({ model: 'llama3.2', messages: [], stream: true })) {
        seen.push(part.message.content);
      }
    }).rejects.toThrow('boom');
    expect(seen).toEqual(['a']);
  });
});

describe('Ollama emulator on the wire', () => {
  it('sends application/x-ndjson, one JSON object per line, and {"error"} lines mid-stream', async () => {
    const server = await start();
    server.script({ tokens: ['x', 'y'], failAfterTokens: 2, failMessage: 'oops' });
    const response = await fetch(`${server.url}/api/chat`, { method: 'POST', body: chatBody() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text()).split('\n');
    expect(lines.pop()).toBe('');
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.slice(0, 2)).toMatchObject([
      { model: 'llama3.2', message: { role: 'assistant', content: 'x' }, done: false },
      { model: 'llama3.2', message: { role: 'assistant', content: 'y' }, done: false },
    ]);
    expect(typeof objects[0]?.['created_at']).toBe('string');
    expect(objects[2]).toEqual({ error: 'oops' });
  });

  it("answers errors with Ollama's bodies and statuses", async () => {
    const server = await start();
    const post = (path: string, body: string) => fetch(`${server.url}${path}`, { method: 'POST', body });
    const noModel = await post('/api/chat', JSON.stringify({ messages: [] }));
    expect([noModel.status, await noModel.json()]).toEqual([400, { error: 'model is required' }]);
    const unknown = await post('/api/chat', chatBody({ model: 'ghost' }));
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: "model 'ghost' not found" }]);
    expect(unknown.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const noPath = await fetch(`${server.url}/api/nothing`);
    expect([noPath.status, await noPath.text()]).toEqual([404, '404 page not found']);
    const wrongMethod = await fetch(`${server.url}/api/chat`);
    expect(wrongMethod.status).toBe(405);
    const root = await fetch(server.url);
    expect(await root.text()).toBe('Ollama is running');
  });

  it('cuts a multi-byte character across two network writes with splitUtf8', async () => {
    const server = await start();
    server.script({ tokens: ['🌍'], splitUtf8: true });
    // TCP may still merge the two writes when the client is slow to read; a few tries (bounded)
    // must show the cut at least once.
    let cutSeen = false;
    for (let attempt = 0; attempt < 5 && !cutSeen; attempt += 1) {
      const response = await fetch(`${server.url}/api/chat`, { method: 'POST', body: chatBody() });
      const reader = response.body!.getReader();
      const reads: Uint8Array[] = [];
      for (let read = await reader.read(); !read.done; read = await reader.read()) reads.push(read.value);
      cutSeen = reads.some((chunk) => new TextDecoder().decode(chunk).includes('\uFFFD'));
      const whole = new TextDecoder().decode(Buffer.concat(reads));
      expect(JSON.parse(whole.split('\n')[0]!)).toMatchObject({ message: { content: '🌍' } });
    }
    expect(cutSeen).toBe(true);
  });
});

describe('Ollama emulator CORS (default OLLAMA_ORIGINS)', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/api/chat`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });

  it('allows localhost, 127.0.0.1 and 0.0.0.0 pages on any port, and answers their preflights', async () => {
    const server = await start();
    for (const origin of [
      'http://localhost:5173',
      'http://127.0.0.1:4317',
      'https://0.0.0.0',
      'http://localhost',
    ]) {
      const response = await preflight(server.url, origin);
      expect(response.status, origin).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')).toContain('Content-Type');
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    }
    const tags = await fetch(`${server.url}/api/tags`, { headers: { Origin: 'http://localhost:5173' } });
    expect(tags.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const plain = await fetch(`${server.url}/api/tags`);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses other origins with 403 and no body, unless `origins` allows them', async () => {
    const server = await start();
    const refused = await fetch(`${server.url}/api/tags`, { headers: { Origin: 'https://brook.example' } });
    expect([refused.status, await refused.text()]).toEqual([403, '']);
    expect((await preflight(server.url, 'http://192.168.1.5:5173')).status).toBe(403);
    await server.close();
    const allowing = await start({ origins: ['https://*.example'] });
    const allowed = await preflight(allowing.url, 'https://brook.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://brook.example');
    await allowing.close();
    const all = await start({ origins: ['*'] });
    const any = await fetch(`${all.url}/api/tags`, { headers: { Origin: 'https://anywhere.test' } });
    expect(any.headers.get('access-control-allow-origin')).toBe('*');
  });
});
