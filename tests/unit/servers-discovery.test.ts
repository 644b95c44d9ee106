/**
 * "Find servers", through the real worker core and client: emulators of each server stand on
 * the ports a test gives (the real ones, 11434, 1234 …, may be taken on a shared machine), and
 * each is told for what it is. Only 127.0.0.1 is asked. A server whose CORS blocks this page
 * (a browser shows no reply, only a no-cors probe answers) is offered with its exact setting;
 * a port where something never answers does not hold the search up past its time limit.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverServers, type DiscoveryCandidate } from '../../src/lib/servers/discovery';
import { ChatClient, type ClientPort } from '../../src/lib/workers/chat-client';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';
import { startOllamaEmulator } from '../emulators/ollama-emulator';

const ORIGIN = 'http://127.0.0.1:5173';
const closers: (() => Promise<unknown> | void)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function track(emulator: Promise<HttpEmulatorHandle>): Promise<HttpEmulatorHandle> {
  const started = await emulator;
  closers.push(() => started.close());
  return started;
}

/** A port that accepts connections and never answers. */
async function silentPort(): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  );
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** A client of a worker core whose guard allowances are recorded: `allowed` holds those still open. */
function client(candidates: DiscoveryCandidate[], allowed: string[], asked: string[] = []): ChatClient {
  const channel = new MessageChannel();
  attachChatWorker(channel.port2 as unknown as PortLike, {
    discoveryCandidates: candidates,
    allowServer: (url) => {
      allowed.push(url);
      asked.push(url);
      return () => allowed.splice(allowed.indexOf(url), 1);
    },
  });
  closers.push(() => {
    channel.port1.close();
    channel.port2.close();
  });
  return new ChatClient(channel.port1 as unknown as ClientPort);
}

describe('finding servers on their ports', () => {
  it('tells Ollama, LM Studio, llama.cpp, vLLM and LocalAI apart by what each answers', async () => {
    const ollama = await track(startOllamaEmulator());
    const lmstudio = await track(startLMStudioRestEmulator({ cors: true }));
    const llama = await track(startLMStudioRestEmulator({ flavor: 'llama.cpp', models: ['qwen3-4b'] }));
    const vllm = await track(startLMStudioRestEmulator({ flavor: 'vllm', models: ['Qwen/Qwen3-8B'] }));
    // On llama.cpp's port, a server that does not say "llamacpp" is LocalAI.
    const localai = await track(startLMStudioRestEmulator({ flavor: 'localai', models: ['m'] }));
    const dead = await track(startOllamaEmulator());
    await dead.close();
    const allowed: string[] = [];
    const asked: string[] = [];
    const found = await client(
      [
        { port: ollama.port, kind: 'ollama' },
        { port: lmstudio.port, kind: 'lmstudio-rest' },
        { port: llama.port, kind: 'openai-compatible', preset: 'llama-cpp' },
        { port: vllm.port, kind: 'openai-compatible', preset: 'jan' },
        { port: dead.port, kind: 'openai-compatible', preset: 'koboldcpp' },
      ],
      allowed,
      asked,
    ).discover(ORIGIN);
    expect(found).toEqual([
      { status: 'found', kind: 'ollama', name: 'Ollama', url: ollama.url, models: 2 },
      { status: 'found', kind: 'lmstudio-rest', name: 'LM Studio', url: lmstudio.url, models: 2 },
      {
        status: 'found',
        kind: 'openai-compatible',
        preset: 'llama-cpp',
        name: 'llama.cpp server',
        url: llama.url,
        models: 1,
      },
      // vLLM says who it is, whatever port it is on.
      { status: 'found', kind: 'openai-compatible', preset: 'vllm', name: 'vLLM', url: vllm.url, models: 1 },
    ]);
    // Only the candidates' own origins, on 127.0.0.1, were let through the worker's guard, and
    // only while the search ran.
    expect(asked).toHaveLength(5);
    expect(asked.every((url) => url.startsWith('http://127.0.0.1:'))).toBe(true);
    expect(allowed).toEqual([]);
    const localaiFound = await client(
      [{ port: localai.port, kind: 'openai-compatible', preset: 'llama-cpp' }],
      [],
    ).discover(ORIGIN);
    expect(localaiFound).toMatchObject([{ kind: 'openai-compatible', preset: 'localai', name: 'LocalAI' }]);
  });

  it('a server that answers but blocks this page (CORS) is offered with the setting to change', async () => {
    const corsBlocked: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const found = await discoverServers(
      {
        fetch: corsBlocked,
        probe: async (url) => url.endsWith(':11434') || url.endsWith(':1234'),
        pageOrigin: 'http://brook.lan:5173',
      },
      new AbortController().signal,
    );
    expect(found).toEqual([
      expect.objectContaining({ status: 'blocked', kind: 'ollama', url: 'http://127.0.0.1:11434' }),
      expect.objectContaining({ status: 'blocked', kind: 'lmstudio-rest', url: 'http://127.0.0.1:1234/v1' }),
    ]);
    expect(found[0]).toMatchObject({ fix: expect.stringContaining('OLLAMA_ORIGINS=http://brook.lan:5173') });
    expect(found[1]).toMatchObject({ fix: expect.stringContaining('Enable CORS') });
  });

  it('asks only 127.0.0.1, and a port that never answers does not hold the search past its limit', async () => {
    const silent = await silentPort();
    const asked: string[] = [];
    const realFetch: typeof fetch = (input, init) => {
      asked.push(String(input));
      return fetch(input, init);
    };
    const found = await discoverServers(
      {
        fetch: realFetch,
        probe: async () => false,
        pageOrigin: ORIGIN,
        candidates: [{ port: silent, kind: 'ollama' }],
        timeoutMs: 300,
      },
      new AbortController().signal,
    );
    expect(found).toEqual([]);
    expect(asked).toEqual([`http://127.0.0.1:${silent}/api/version`]);
    const all = await discoverServers(
      {
        fetch: async (input) => (asked.push(String(input)), new Response('{}')),
        probe: async () => false,
        pageOrigin: ORIGIN,
      },
      new AbortController().signal,
    );
    expect(all).toEqual([]);
    expect(asked.every((url) => url.startsWith('http://127.0.0.1:'))).toBe(true);
  });

  it('a server whose model list says odd things (owned_by "constructor") is still told for what it is', async () => {
    const reply = new Response(JSON.stringify({ data: [{ id: 'm', owned_by: 'constructor' }] }));
    const found = await discoverServers(
      {
        fetch: async () => reply.clone(),
        probe: async () => false,
        pageOrigin: ORIGIN,
        candidates: [{ port: 5001, kind: 'openai-compatible', preset: 'koboldcpp' }],
      },
      new AbortController().signal,
    );
    expect(found).toMatchObject([{ status: 'found', preset: 'koboldcpp', url: 'http://127.0.0.1:5001/v1' }]);
  });
});
