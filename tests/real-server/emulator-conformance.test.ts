import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startLMStudioRestEmulator,
  type LMStudioRestEmulatorHandle,
} from '../emulators/lmstudio-rest-emulator';
import { startLlamaServer, type LlamaServerHandle } from '../support/llama-server';

/**
 * The OpenAI-compatible emulator's llama.cpp flavor against the real llama-server, request for
 * request: the same calls to both, compared by the shape of what comes back (keys and value
 * types, not the gibberish text) and by status, headers and error words. Where they differ the
 * real server is right; the emulator's header says what was fixed.
 */

const KEY = 'conformance-key';
const ORIGIN = 'http://127.0.0.1:4317';

let real: LlamaServerHandle;
let emulator: LMStudioRestEmulatorHandle;
/** Both servers' base URLs (no /v1). */
let servers: { name: string; base: string }[];

beforeAll(async () => {
  real = await startLlamaServer({ apiKey: KEY, contextSize: 512 });
  emulator = await startLMStudioRestEmulator({
    flavor: 'llama.cpp',
    models: ['tiny.gguf'],
    apiKey: KEY,
    contextLimit: 512,
  });
  servers = [
    { name: 'llama-server', base: real.url },
    { name: 'emulator', base: emulator.url.replace(/\/v1$/, '') },
  ];
});
afterAll(async () => {
  await real?.stop();
  await emulator?.close();
});

/** A value's shape: its type, and for objects and arrays the shapes inside. */
type Shape = string | { [key: string]: Shape } | Shape[];

function shapeOf(value: unknown): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object') {
    const out: { [key: string]: Shape } = {};
    for (const key of Object.keys(value as object).sort())
      out[key] = shapeOf((value as Record<string, unknown>)[key]);
    return out;
  }
  return typeof value;
}

/** An SSE body as the shapes of its events, a run of same-shaped events (the tokens) as one. */
function streamShape(body: string): Shape[] {
  const shapes: Shape[] = [];
  for (const block of body.split('\n\n')) {
    const data = block.replace(/^data: /, '').trim();
    if (!data) continue;
    const shape = data === '[DONE]' ? '[DONE]' : shapeOf(JSON.parse(data));
    if (JSON.stringify(shapes.at(-1)) !== JSON.stringify(shape)) shapes.push(shape);
  }
  return shapes;
}

async function call(base: string, path: string, init: RequestInit & { key?: boolean } = {}) {
  const headers = new Headers(init.headers);
  if (init.key !== false) headers.set('Authorization', `Bearer ${KEY}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  headers.set('Origin', ORIGIN);
  const response = await fetch(`${base}${path}`, { ...init, headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function both(path: string, init: RequestInit & { key?: boolean } = {}) {
  const [fromReal, fromEmulator] = await Promise.all(servers.map((s) => call(s.base, path, init)));
  return { real: fromReal!, emulator: fromEmulator! };
}

const chat = (extra: Record<string, unknown>) =>
  JSON.stringify({ messages: [{ role: 'user', content: 'Hello there.' }], max_tokens: 6, ...extra });

describe('the emulator’s llama.cpp flavor answers as llama-server does', () => {
  it('a stream with usage: role chunk, token chunks, finish chunk, usage chunk with timings, [DONE]', async () => {
    const { real, emulator } = await both('/v1/chat/completions', {
      method: 'POST',
      body: chat({ stream: true, stream_options: { include_usage: true } }),
    });
    expect(emulator.status).toBe(real.status);
    expect(emulator.headers.get('content-type')).toBe(real.headers.get('content-type'));
    expect(streamShape(emulator.text)).toEqual(streamShape(real.text));
  });

  it('a stream without usage: the finish chunk carries the timings', async () => {
    const { real, emulator } = await both('/v1/chat/completions', {
      method: 'POST',
      body: chat({ stream: true }),
    });
    expect(streamShape(emulator.text)).toEqual(streamShape(real.text));
  });

  it('a whole reply', async () => {
    const { real, emulator } = await both('/v1/chat/completions', { method: 'POST', body: chat({}) });
    expect(emulator.status).toBe(200);
    expect(shapeOf(JSON.parse(emulator.text))).toEqual(shapeOf(JSON.parse(real.text)));
  });

  it('a model name it does not have is ignored: one model, whatever the request says', async () => {
    const { real, emulator } = await both('/v1/chat/completions', {
      method: 'POST',
      body: chat({ model: 'no-such-model' }),
    });
    expect(real.status).toBe(200);
    expect(emulator.status).toBe(real.status);
  });

  it('the model list', async () => {
    const { real, emulator } = await both('/v1/models');
    expect(shapeOf(JSON.parse(emulator.text))).toEqual(shapeOf(JSON.parse(real.text)));
  });

  it('no key: 401 in llama-server’s words', async () => {
    const { real, emulator } = await both('/v1/models', { key: false });
    expect(real.status).toBe(401);
    expect(emulator.status).toBe(401);
    expect(JSON.parse(emulator.text)).toEqual(JSON.parse(real.text));
  });

  it('a prompt longer than the context: 400 exceed_context_size_error with the counts', async () => {
    const long = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    const { real, emulator } = await both('/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: long }], stream: true }),
    });
    expect(real.status).toBe(400);
    expect(emulator.status).toBe(400);
    expect(shapeOf(JSON.parse(emulator.text))).toEqual(shapeOf(JSON.parse(real.text)));
    const words = (text: string) =>
      (JSON.parse(text) as { error: { message: string } }).error.message.replace(/\d+/g, 'N');
    expect(words(emulator.text)).toBe(words(real.text));
  });

  it('an unknown path: 404 File Not Found', async () => {
    const { real, emulator } = await both('/v1/no-such-thing');
    expect(real.status).toBe(404);
    expect(emulator.status).toBe(404);
    expect(JSON.parse(emulator.text)).toEqual(JSON.parse(real.text));
  });

  it('CORS by default: the Origin echoed, credentials allowed, any header, on every reply and preflight', async () => {
    const preflight = { method: 'OPTIONS', key: false, headers: { 'Access-Control-Request-Method': 'POST' } };
    const { real, emulator } = await both('/v1/chat/completions', preflight);
    expect(real.status).toBe(200);
    expect(emulator.status).toBe(real.status);
    for (const header of [
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'access-control-allow-methods',
      'access-control-allow-headers',
    ]) {
      expect([header, emulator.headers.get(header)]).toEqual([header, real.headers.get(header)]);
    }
    expect(real.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const refused = await both('/v1/models', { key: false });
    expect(refused.emulator.headers.get('access-control-allow-origin')).toBe(
      refused.real.headers.get('access-control-allow-origin'),
    );
  });
});
