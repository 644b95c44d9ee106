// The model-operations store over the real worker core and client, against the Ollama emulator:
// a download's progress, speed and time left, stop and resume, failures in words, and each
// operation re-reading what the server has.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { get } from 'svelte/store';
import { createProvider } from '../../src/lib/providers';
import { createConnectionsStore, connectionOf } from '../../src/lib/stores/connections-store';
import { DownloadRate } from '../../src/lib/stores/download-rate';
import {
  createModelOpsStore,
  runningPulls,
  serverModelsOf,
  type ModelOpsStore,
} from '../../src/lib/stores/model-ops-store';
import { createSettingsStore } from '../../src/lib/stores/settings-store';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import { ChatClient, type ClientPort } from '../../src/lib/workers/chat-client';
import { startOllamaEmulator, type OllamaEmulatorHandle } from '../emulators/ollama-emulator';
import { MapStorage } from './stores-harness';

let emulator: OllamaEmulatorHandle;
let channel: MessageChannel;
let models: ModelOpsStore;
let connections: ReturnType<typeof createConnectionsStore>;
let clock = 0;
const SERVER = 'ollama';

beforeEach(async () => {
  emulator = await startOllamaEmulator({ loaded: ['qwen3:0.6b'] });
  channel = new MessageChannel();
  attachChatWorker(channel.port1 as unknown as PortLike, { createProvider });
  const client = new ChatClient(channel.port2 as unknown as ClientPort);
  const settings = createSettingsStore(new MapStorage(), new MapStorage());
  expect(settings.editServer(SERVER, { kind: 'ollama', name: 'Ollama', url: emulator.url }).ok).toBe(true);
  connections = createConnectionsStore(client, settings, 'http://127.0.0.1:5173');
  clock = 0;
  models = createModelOpsStore(client, settings, connections, 'http://127.0.0.1:5173', () => clock);
});

afterEach(async () => {
  channel.port1.close();
  channel.port2.close();
  await emulator.close();
});

const pullOf = (model: string) => get(models).pulls.find((p) => p.model === model);
const listed = () => connectionOf(get(connections), SERVER).models.map((m) => m.id);

describe('downloads', () => {
  it('runs a pull to "done" and the server is listed again with the new model', async () => {
    emulator.library.pullScript = { steps: 3 };
    await models.pull(SERVER, 'gemma3:1b');
    expect(pullOf('gemma3:1b')).toMatchObject({ phase: 'done', progress: { status: 'success' } });
    await expect.poll(listed).toContain('gemma3:1b');
  });

  it('can be stopped while it runs, and resumed: the second pull starts from the bytes the first had', async () => {
    emulator.library.pullScript = { steps: 4, holdAfterSteps: 2 };
    const first = models.pull(SERVER, 'gemma3:1b');
    await expect.poll(() => pullOf('gemma3:1b')?.progress.completedBytes ?? 0).toBeGreaterThan(0);
    expect(runningPulls(get(models), SERVER).map((p) => p.model)).toEqual(['gemma3:1b']);
    models.stopPull(SERVER, 'gemma3:1b');
    await first;
    expect(pullOf('gemma3:1b')?.phase).toBe('stopped');
    expect(runningPulls(get(models), SERVER)).toEqual([]);
    emulator.library.pullScript = { steps: 4 };
    await models.pull(SERVER, 'gemma3:1b');
    expect(pullOf('gemma3:1b')?.phase).toBe('done');
    expect(emulator.library.pullStarts.map((s) => s.resumedBytes > 0)).toEqual([false, true]);
  });

  it('ends a failed pull with the reason and what to do, not a stuck bar', async () => {
    await models.pull(SERVER, 'no-such-model');
    const failed = pullOf('no-such-model');
    expect(failed?.phase).toBe('failed');
    expect(failed?.error?.message).toContain('file does not exist');
    expect(runningPulls(get(models), SERVER)).toEqual([]);
    models.dismissPull(SERVER, 'no-such-model');
    expect(pullOf('no-such-model')).toBeUndefined();
  });

  it('keeps one pull per model: asking again while it runs does not start a second', async () => {
    emulator.library.pullScript = { steps: 2, holdAfterSteps: 1 };
    const first = models.pull(SERVER, 'gemma3:1b');
    await models.pull(SERVER, 'gemma3:1b');
    await expect.poll(() => pullOf('gemma3:1b')?.progress.completedBytes ?? 0).toBeGreaterThan(0);
    models.stopPull(SERVER, 'gemma3:1b');
    await first;
    expect(emulator.requests.filter((r) => r.path === '/api/pull')).toHaveLength(1);
  });
});

describe('delete, load and unload', () => {
  it('deletes a model: the list is read again and the model is gone', async () => {
    await connections.refresh(SERVER);
    expect(listed()).toContain('llama3.2:latest');
    expect(await models.remove(SERVER, 'llama3.2:latest')).toBe(true);
    await expect.poll(listed).not.toContain('llama3.2:latest');
  });

  it('says why when a delete fails, and the model stays', async () => {
    expect(await models.remove(SERVER, 'not-there')).toBe(false);
    expect(serverModelsOf(get(models), SERVER).error?.kind).toBe('model-not-found');
    models.clearError(SERVER);
    expect(serverModelsOf(get(models), SERVER).error).toBeUndefined();
  });

  it('lists loaded models, and load and unload change the list', async () => {
    await models.refreshLoaded(SERVER);
    expect(serverModelsOf(get(models), SERVER).loaded?.map((m) => m.id)).toEqual(['qwen3:0.6b']);
    await models.load(SERVER, 'llama3.2:latest', 8192);
    expect(
      serverModelsOf(get(models), SERVER)
        .loaded?.map((m) => m.id)
        .sort(),
    ).toEqual(['llama3.2:latest', 'qwen3:0.6b']);
    const load = emulator.requests.filter((r) => r.path === '/api/generate').at(-1);
    expect(load?.body).toMatchObject({ options: { num_ctx: 8192 } });
    await models.unload(SERVER, 'qwen3:0.6b');
    expect(serverModelsOf(get(models), SERVER).loaded?.map((m) => m.id)).toEqual(['llama3.2:latest']);
    expect(serverModelsOf(get(models), SERVER).busy).toEqual({});
  });
});

describe('DownloadRate', () => {
  it('gives speed and time left once a second of history is in, over a sliding window', () => {
    const rate = new DownloadRate();
    expect(rate.add(0, 1000, 0)).toEqual({});
    expect(rate.add(50, 1000, 500)).toEqual({});
    expect(rate.add(100, 1000, 1000)).toEqual({ bytesPerSecond: 100, secondsLeft: 9 });
    // After a slow-down the window forgets the fast start.
    rate.add(900, 1000, 9000);
    const later = rate.add(905, 1000, 19_000);
    expect(later.bytesPerSecond).toBeCloseTo((905 - 900) / 10, 5);
  });
});
