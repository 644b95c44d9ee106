/**
 * A server's reachable mark stays true: re-checked after every answer, never "not reachable"
 * right after an answer streamed from it, and re-checked on a bounded back-off while it is down.
 */
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/lib/providers/errors';
import type { ModelInfo } from '../../src/lib/vocabulary/chat';
import {
  connectionOf,
  createConnectionsStore,
  recheckDelayMs,
  type RecheckTimer,
} from '../../src/lib/stores/connections-store';
import { createSettingsStore } from '../../src/lib/stores/settings-store';
import type { ChatTransport } from '../../src/lib/stores/transport';
import { MapStorage } from './stores-harness';

/** A transport whose model list the test answers: up (a list) or down (an error). */
function scriptedServer() {
  let up = false;
  let calls = 0;
  const transport: ChatTransport = {
    send: () => {
      throw new Error('not used');
    },
    discover: async () => [],
    modelOperation: () => Promise.reject(new Error('not used')),
    async listModels(): Promise<ModelInfo[]> {
      calls++;
      if (up) return [{ id: 'llama3.2' }];
      throw new ProviderError('connection', 'Cannot reach Ollama.', { provider: 'ollama' });
    },
  };
  return {
    transport,
    setUp: (value: boolean) => (up = value),
    calls: () => calls,
  };
}

/** Timers the test fires by hand, recording each delay asked for. */
function manualTimer() {
  const pending = new Map<number, () => void>();
  const delays: number[] = [];
  let next = 0;
  const timer: RecheckTimer = {
    set(fn, ms) {
      delays.push(ms);
      pending.set(++next, fn);
      return next;
    },
    clear: (handle) => pending.delete(handle as number),
  };
  return {
    timer,
    delays,
    pending: () => pending.size,
    fire() {
      const [id, fn] = [...pending.entries()][0]!;
      pending.delete(id);
      fn();
    },
  };
}

/** The store under test, over a scripted server and a manual timer. */
function setup() {
  const server = scriptedServer();
  const clock = manualTimer();
  const settings = createSettingsStore(new MapStorage(), new MapStorage());
  const connections = createConnectionsStore(
    server.transport,
    settings,
    'http://127.0.0.1:5173',
    clock.timer,
  );
  return { server, clock, connections };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('server status', () => {
  it('a server that is down is re-checked on a back-off of 2 s, 4 s … at most 60 s, until it is up', async () => {
    const { server, clock, connections } = setup();
    await connections.refresh('ollama');
    expect(connectionOf(get(connections), 'ollama').status).toBe('error');
    for (let i = 0; i < 7; i++) {
      expect(clock.pending()).toBe(1);
      clock.fire();
      await settled();
      expect(connectionOf(get(connections), 'ollama').status).toBe('error'); // a quiet re-check: no "checking" flicker
    }
    expect(clock.delays).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(recheckDelayMs(50)).toBe(60000);
    server.setUp(true);
    clock.fire();
    await settled();
    expect(connectionOf(get(connections), 'ollama')).toMatchObject({
      status: 'ok',
      models: [{ id: 'llama3.2' }],
    });
    expect(clock.pending()).toBe(0); // up: no more re-checks
  });

  it('an answer that streamed marks the server reachable at once, then checks it again', async () => {
    const { server, clock, connections } = setup();
    await connections.refresh('ollama'); // the first check failed (e.g. started before the server)
    expect(connectionOf(get(connections), 'ollama').status).toBe('error');
    server.setUp(true);
    const before = server.calls();
    connections.answerEnded('ollama', true);
    expect(connectionOf(get(connections), 'ollama').status).not.toBe('error');
    await settled();
    expect(server.calls()).toBe(before + 1);
    expect(connectionOf(get(connections), 'ollama').status).toBe('ok');
    expect(clock.pending()).toBe(0);
  });

  it('an answer that failed (the server went away) re-checks it, and the back-off starts', async () => {
    const { server, clock, connections } = setup();
    server.setUp(true);
    await connections.refresh('ollama');
    server.setUp(false);
    connections.answerEnded('ollama', false);
    await settled();
    expect(connectionOf(get(connections), 'ollama').status).toBe('error');
    expect(clock.delays).toEqual([2000]);
  });
});
