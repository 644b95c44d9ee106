/**
 * The LM Studio native emulator itself, driven by the unmodified @lmstudio/sdk (and, for the
 * handshake rules, by a bare `ws` client): if the SDK accepts everything it sends, the
 * provider tests above it test the real protocol.
 */
import { LMStudioClient } from '@lmstudio/sdk';
import { afterEach, beforeEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../emulators/lmstudio-native-emulator';

let emulator: LMStudioNativeEmulator;
let client: LMStudioClient;
const quietLogger = { info: () => {}, debug: () => {}, warn: () => {}, error: () => {} };

beforeEach(async () => {
  emulator = await startLMStudioNativeEmulator();
  client = new LMStudioClient({ baseUrl: emulator.url, logger: quietLogger });
});

afterEach(async () => {
  expect(emulator.communicationWarnings).toEqual([]);
  await emulator.close();
});

/** Opens a bare socket on a namespace; resolves with the socket once open, or the upgrade status. */
function rawSocket(path: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${emulator.url}${path}`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
}

test('the SDK streams a prediction, gets its result and disposes cleanly (channelClose sent)', async () => {
  emulator.script({ tokens: ['t0 ', 't1 ', 't2 '] });
  const model = await client.llm.model();
  const prediction = model.respond([{ role: 'user', content: 'hi' }]);
  const fragments: string[] = [];
  for await (const fragment of prediction) fragments.push(fragment.content);
  const result = await prediction.result();
  expect(fragments).toEqual(['t0 ', 't1 ', 't2 ']);
  expect(result.content).toBe('t0 t1 t2 ');
  expect(result.stats.stopReason).toBe('eosFound');
  expect(result.modelInfo.modelKey).toBe('qwen2.5-7b-instruct');
  await client[Symbol.asyncDispose]();
  await emulator.waitForOpenConnections(0);
  expect(emulator.stats).toMatchObject({ opened: 1, closed: 1 });
});

test('a cancel is answered with success{stopReason: userStopped}; the SDK resolves with the text so far', async () => {
  emulator.script({ tokens: ['a', 'b', 'c', 'd'], tokenDelayMs: 500 });
  const model = await client.llm.model();
  const prediction = model.respond('hi');
  const fragments: string[] = [];
  for await (const fragment of prediction) {
    fragments.push(fragment.content);
    if (fragments.length === 2) void prediction.cancel();
  }
  const result = await prediction.result();
  expect(result.stats.stopReason).toBe('userStopped');
  expect(result.content).toBe('ab');
  expect(emulator.cancellations).toHaveLength(1);
  await client[Symbol.asyncDispose]();
});

test('a JIT load reports progress and then the model is loaded', async () => {
  const progress: number[] = [];
  const model = await client.llm.model('llama-3.2-1b-instruct', {
    verbose: false,
    onProgress: (p) => progress.push(p),
  });
  expect(progress).toEqual([0.5, 1]);
  expect(model.modelKey).toBe('llama-3.2-1b-instruct');
  expect((await client.llm.listLoaded()).map((loaded) => loaded.modelKey)).toEqual([
    'qwen2.5-7b-instruct',
    'llama-3.2-1b-instruct',
  ]);
  await client[Symbol.asyncDispose]();
});

test('system namespace: downloaded models of every domain and the version', async () => {
  const all = await client.system.listDownloadedModels();
  expect(all.map((model) => model.type)).toEqual(['llm', 'llm', 'embedding']);
  expect(await client.system.getLMStudioVersion()).toEqual({ version: '0.3.23', build: 1 });
  const paths = emulator.requests.map((request) => request.path);
  expect(paths).toEqual(['/system/listDownloadedModels', '/system/version']);
  await client[Symbol.asyncDispose]();
});

test('the server answers the auth packet before anything else', async () => {
  const socket = await rawSocket('/llm');
  if (typeof socket === 'number') throw new Error(`upgrade refused: ${socket}`);
  const reply = nextMessage(socket);
  socket.send(JSON.stringify({ authVersion: 1, clientIdentifier: 'id', clientPasskey: 'key' }));
  expect(await reply).toEqual({ success: true });
  const ack = nextMessage(socket);
  socket.send(JSON.stringify({ type: 'keepAlive' }));
  expect(await ack).toEqual({ type: 'keepAliveAck' });
  socket.close();
});

test('a first frame that is not an auth packet is recorded as a protocol error', async () => {
  const socket = await rawSocket('/llm');
  if (typeof socket === 'number') throw new Error(`upgrade refused: ${socket}`);
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.send(JSON.stringify({ type: 'rpcCall', endpoint: 'listLoaded', callId: 0 }));
  await closed;
  expect(emulator.protocolErrors).toEqual([expect.stringContaining('not an auth packet')]);
});

test('CORS off: an upgrade carrying an Origin header gets 403, one without is accepted', async () => {
  emulator.configure({ cors: false });
  expect(await rawSocket('/llm', { Origin: 'http://127.0.0.1:4173' })).toBe(403);
  const accepted = await rawSocket('/llm');
  expect(typeof accepted).not.toBe('number');
  if (typeof accepted !== 'number') accepted.close();
  emulator.configure({ cors: true });
  const allowed = await rawSocket('/llm', { Origin: 'http://127.0.0.1:4173' });
  expect(typeof allowed).not.toBe('number');
  if (typeof allowed !== 'number') allowed.close();
  expect(emulator.refusedUpgrades).toBe(1);
});

test('unknown namespaces are refused and the discovery greeting answers', async () => {
  expect(await rawSocket('/nope')).toBe(404);
  const greeting = await fetch(`http://127.0.0.1:${emulator.port}/lmstudio-greeting`);
  expect(await greeting.json()).toEqual({ lmstudio: true });
});
