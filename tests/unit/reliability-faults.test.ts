/**
 * Protocol-level faults, each through the real chat worker core, the real provider and client
 * library, and an emulator scripted to fail: what the UI is told (the worker's final message)
 * and that the text shown before the fault is exactly the text kept.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { EmulatorHandle } from '../emulators/scenario';
import {
  HTTP_SERVERS,
  SERVERS,
  ask,
  closeAll,
  deadUrl,
  serverSawEnd,
  startWorkerRig,
  targetOf,
  type Answer,
  type ServerUnderTest,
  type WorkerRig,
} from './reliability-support';

const TOKENS = ['Alpha', ' beta', ' gamma', ' delta', ' epsilon'];
const FIRST_THREE = 'Alpha beta gamma';
const WHOLE = TOKENS.join('');

const emulators: EmulatorHandle[] = [];
const rigs: WorkerRig[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) rig.close();
  await closeAll(emulators);
});

async function setup(server: ServerUnderTest): Promise<{ emulator: EmulatorHandle; rig: WorkerRig }> {
  const emulator = await server.start();
  emulators.push(emulator);
  const rig = startWorkerRig();
  rigs.push(rig);
  return { emulator, rig };
}

/** The answer failed with `kind`, and what the UI showed is exactly what the error keeps. */
function expectFailure(answer: Answer, kind: string): NonNullable<Answer['error']> {
  expect(answer.complete, 'expected an error, got a complete answer').toBeUndefined();
  const error = answer.error;
  if (error === undefined) throw new Error('no error');
  expect(error.kind, error.message).toBe(kind);
  expect(error.partialText).toBe(answer.shown);
  return error;
}

function expectComplete(answer: Answer, text: string): void {
  expect(answer.error?.message).toBeUndefined();
  expect(answer.complete?.text).toBe(text);
  expect(answer.shown).toBe(text);
}

describe.each(SERVERS)('$kind', (server) => {
  test('server not running: a connection error naming the address and what to start', async () => {
    const url = await deadUrl(server);
    const rig = startWorkerRig();
    rigs.push(rig);
    const answer = await ask(rig.client, targetOf(server.kind, { url }), server.model).done;
    const error = expectFailure(answer, 'connection');
    expect(error.message).toContain(url.replace(/\/v1$/, ''));
    expect(`${error.message} ${error.hint ?? ''}`).toMatch(/ollama serve|lms server start|start/i);
    expect(error.partialText).toBe('');
  });

  test('accepts but never answers: first-token timeout with a clear message, then a retry works', async () => {
    const { emulator, rig } = await setup(server);
    emulator.script({ neverAnswer: true });
    const settings = { firstTokenTimeoutMs: 300, idleTimeoutMs: 300 };
    const answer = await ask(rig.client, targetOf(server.kind, emulator), server.model, settings).done;
    const error = expectFailure(answer, 'timeout');
    expect(error.message).toMatch(/accepted the request but sent no answer within 0\.3 s/);
    expect(error.hint).toMatch(/retry/i);
    expect(error.hint).toMatch(/raise “First-token timeout \(s\)” in Settings → This chat/);
    await serverSawEnd(emulator);

    emulator.script({ tokens: TOKENS });
    const retry = await ask(rig.client, targetOf(server.kind, emulator), server.model, settings).done;
    expectComplete(retry, WHOLE);
  });

  test('a stall mid-answer: idle timeout keeping every token that arrived', async () => {
    const { emulator, rig } = await setup(server);
    emulator.script({ tokens: TOKENS, stallAfterTokens: 3 });
    const settings = { firstTokenTimeoutMs: 5000, idleTimeoutMs: 300 };
    const answer = await ask(rig.client, targetOf(server.kind, emulator), server.model, settings).done;
    const error = expectFailure(answer, 'timeout');
    expect(error.message).toMatch(/stopped sending the answer for 0\.3 s/);
    expect(error.hint).toMatch(/raise “Idle timeout \(s\)” in Settings → This chat/);
    expect(error.partialText).toBe(FIRST_THREE);
    await serverSawEnd(emulator);
  });

  test('the connection dropped mid-answer: stream-broken, the text so far kept', async () => {
    const { emulator, rig } = await setup(server);
    emulator.script({ tokens: TOKENS, dropAfterTokens: 3 });
    const answer = await ask(rig.client, targetOf(server.kind, emulator), server.model).done;
    const error = expectFailure(answer, 'stream-broken');
    expect(error.partialText).toBe(FIRST_THREE);
    expect(error.message).toMatch(/broke/);
  });

  test("a server error mid-stream: stream-broken with the server's words, the text so far kept", async () => {
    const { emulator, rig } = await setup(server);
    emulator.script({ tokens: TOKENS, failAfterTokens: 3, failMessage: 'GPU fell over' });
    const answer = await ask(rig.client, targetOf(server.kind, emulator), server.model).done;
    const error = expectFailure(answer, 'stream-broken');
    expect(error.message).toContain('GPU fell over');
    expect(error.partialText).toBe(FIRST_THREE);
  });

  test('HTTP 4xx and 5xx, with JSON and with non-JSON bodies: kind http with the status', async () => {
    const { emulator, rig } = await setup(server);
    const target = targetOf(server.kind, emulator);
    const cases = [
      { status: 400, body: { error: 'invalid options: num_ctx' }, said: 'invalid options: num_ctx' },
      { status: 403, body: 'Forbidden by proxy', contentType: 'text/plain', said: 'Forbidden by proxy' },
      { status: 500, body: { error: { message: 'out of memory' } }, said: 'out of memory' },
      {
        status: 502,
        body: '<html><body>Bad gateway</body></html>',
        contentType: 'text/html',
        said: 'Bad gateway',
      },
    ];
    for (const { said, ...httpError } of cases) {
      emulator.script({ httpError });
      const error = expectFailure(await ask(rig.client, target, server.model).done, 'http');
      expect(error.status).toBe(httpError.status);
      // Over HTTP the server's own words reach the user; a refused WebSocket upgrade has none.
      if (server.kind !== 'lmstudio-native') expect(error.message).toContain(said);
      if (httpError.status >= 500 && server.kind !== 'lmstudio-native')
        expect(error.message).toMatch(/server failed/);
    }
  });

  test('model not found: its own kind, naming the model', async () => {
    const { emulator, rig } = await setup(server);
    const answer = await ask(rig.client, targetOf(server.kind, emulator), 'no-such-model').done;
    const error = expectFailure(answer, 'model-not-found');
    expect(error.message).toContain('no-such-model');
  });

  test('multi-byte UTF-8 and emoji cut across network writes arrive whole', async () => {
    const { emulator, rig } = await setup(server);
    const tokens = ['Grüße ', '🌍', ' 你好', ' 👩‍👩‍👧', ' 𝄞 done'];
    emulator.script({ tokens, splitUtf8: true });
    const answer = await ask(rig.client, targetOf(server.kind, emulator), server.model).done;
    expectComplete(answer, tokens.join(''));
  });

  test('a 1,000,000-character answer arrives whole, in far fewer messages than tokens', async () => {
    const { emulator, rig } = await setup(server);
    const token = 'x'.repeat(99) + '\n';
    const tokens = Array.from({ length: 10_000 }, () => token);
    emulator.script({ tokens });
    const answer = await ask(rig.client, targetOf(server.kind, emulator), server.model).done;
    expect(answer.complete?.text.length).toBe(1_000_000);
    expectComplete(answer, tokens.join(''));
    expect(answer.chunks.length).toBeLessThan(tokens.length);
  });
});

describe('wrong port: another kind of server answers', () => {
  /** The address a user would type for `kind` with the other server's port. */
  function addressFor(kind: ServerUnderTest['kind'], emulator: EmulatorHandle): string {
    const origin = `127.0.0.1:${emulator.port}`;
    if (kind === 'lmstudio-native') return `ws://${origin}`;
    return kind === 'lmstudio-rest' ? `http://${origin}/v1` : `http://${origin}`;
  }

  test.each([
    ['ollama', 'lmstudio-rest'],
    ['ollama', 'lmstudio-native'],
    ['lmstudio-rest', 'ollama'],
    ['lmstudio-rest', 'lmstudio-native'],
    ['lmstudio-native', 'ollama'],
  ] as const)(
    '%s pointed at a %s server: a typed error that says to check the address',
    async (kind, other) => {
      const mine = SERVERS.find((server) => server.kind === kind);
      const theirs = SERVERS.find((server) => server.kind === other);
      if (!mine || !theirs) throw new Error('unknown server');
      const { emulator, rig } = await setup(theirs);
      const target = targetOf(kind, { url: addressFor(kind, emulator) });
      const answer = await ask(rig.client, target, mine.model, { firstTokenTimeoutMs: 5000 }).done;
      expect(answer.complete).toBeUndefined();
      expect(answer.error?.kind).toMatch(/^(http|bad-response)$/);
      expect(`${answer.error?.message} ${answer.error?.hint ?? ''}`).toMatch(/check the address/i);
    },
  );
});

describe.each(HTTP_SERVERS)('$kind stream lines', (server) => {
  const frames = server.kind === 'ollama' ? ndjsonFrames : sseFrames;

  test('a malformed line mid-stream: stream-broken, the text so far kept', async () => {
    const { emulator, rig } = await setup(server);
    emulator.script({ tokens: TOKENS, malformedAfterTokens: 3 });
    const answer = await ask(rig.client, targetOf(server.kind, emulator), server.model).done;
    const error = expectFailure(answer, 'stream-broken');
    expect(error.partialText).toBe(FIRST_THREE);
    expect(error.message).toMatch(/not JSON/);
  });

  test('a truncated last line (the body ends mid-object): stream-broken, the text so far kept', async () => {
    const { emulator, rig } = await setup(server);
    const { tokens, truncated } = frames(TOKENS.slice(0, 3));
    emulator.script({ rawBody: { chunks: [...tokens, truncated] } });
    const answer = await ask(rig.client, targetOf(server.kind, emulator), server.model).done;
    const error = expectFailure(answer, 'stream-broken');
    expect(error.partialText).toBe(FIRST_THREE);
  });

  test('unknown fields and unknown event types are ignored, not fatal', async () => {
    const { emulator, rig } = await setup(server);
    const { withUnknowns } = frames(TOKENS);
    emulator.script({ rawBody: { chunks: withUnknowns } });
    const answer = await ask(rig.client, targetOf(server.kind, emulator), server.model).done;
    expectComplete(answer, WHOLE);
  });
});

describe('lmstudio-native bad frames', () => {
  const native = SERVERS.find((server) => server.kind === 'lmstudio-native') as ServerUnderTest;

  test('a frame that is not JSON and a packet the SDK rejects are dropped; the answer goes on', async () => {
    const { emulator, rig } = await setup(native);
    emulator.script({ tokens: TOKENS, malformedAfterTokens: 3 });
    const answer = await ask(rig.client, targetOf(native.kind, emulator), native.model).done;
    expectComplete(answer, WHOLE);
  });

  test('unknown fields and an unknown packet type are ignored, not fatal', async () => {
    const { emulator, rig } = await setup(native);
    emulator.script({ tokens: TOKENS, unknownFields: true });
    const answer = await ask(rig.client, targetOf(native.kind, emulator), native.model).done;
    expectComplete(answer, WHOLE);
  });
});

interface Frames {
  tokens: string[];
  truncated: string;
  withUnknowns: string[];
}

/** Ollama NDJSON lines for `tokens`, a cut-off line, and the same answer with unknown extras. */
function ndjsonFrames(tokens: string[]): Frames {
  const head = { model: 'llama3.2:latest', created_at: '2025-01-01T00:00:00Z' };
  const line = (value: unknown): string => `${JSON.stringify(value)}\n`;
  const token = (content: string, extra = {}): string =>
    line({ ...head, message: { role: 'assistant', content, ...extra }, done: false });
  const done = line({
    ...head,
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: 'stop',
  });
  return {
    tokens: tokens.map((text) => token(text)),
    truncated: `{"model":"llama3.2:latest","message":{"role":"assistant","content":" del`,
    withUnknowns: [
      line({ status: 'loading model', future: true }),
      ...tokens.map((text, i) => token(text, { future_field: { i }, images: null })),
      '\n',
      line({ ...head, message: { role: 'assistant', content: '' }, done: false, metrics: [1, 2] }),
      done,
    ],
  };
}

/** OpenAI-compatible SSE events for `tokens`, a cut-off event, and the answer with unknown extras. */
function sseFrames(tokens: string[]): Frames {
  const chunk = (delta: unknown, finish: string | null = null, extra = {}): string =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'qwen2.5-7b-instruct',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    })}\n\n`;
  return {
    tokens: tokens.map((content) => chunk({ content })),
    truncated:
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"cont',
    withUnknowns: [
      ': keep-alive comment\n\n',
      'event: ping\ndata: keep-alive\n\n',
      'retry: 1000\nid: 7\n\n',
      ...tokens.map((content, i) =>
        chunk({ content, audio: null, future: { i } }, null, { system_fingerprint: 'fp', x_future: [i] }),
      ),
      'event: metrics\ndata: {"tokens_per_second": 42}\n\n',
      chunk({}, 'stop'),
      'data: [DONE]\n\n',
    ],
  };
}
