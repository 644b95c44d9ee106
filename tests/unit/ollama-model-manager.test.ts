// Ollama model management through the real ollama-js client against the emulator: pull progress,
// failures mid-pull, cancel and resume, delete, the loaded list, load and unload.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import { ProviderError } from '../../src/lib/providers/errors';
import type { ModelManager, ModelOperation, ModelProgress } from '../../src/lib/vocabulary/models';
import { startOllamaEmulator, type OllamaEmulatorHandle } from '../emulators/ollama-emulator';

let emulator: OllamaEmulatorHandle;
let manager: ModelManager;

beforeEach(async () => {
  emulator = await startOllamaEmulator();
  manager = new OllamaProvider({ baseUrl: emulator.url, name: 'Ollama' }).modelManager();
});

afterEach(async () => {
  await emulator.close();
});

async function run(operation: ModelOperation, signal = new AbortController().signal) {
  const progress: ModelProgress[] = [];
  const result = await manager.run(operation, (p) => progress.push(p), signal);
  return { result, progress };
}

async function failure(operation: ModelOperation, signal?: AbortSignal): Promise<ProviderError> {
  const error = await run(operation, signal).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const tags = async () =>
  ((await (await fetch(`${emulator.url}/api/tags`)).json()) as { models: { name: string }[] }).models.map(
    (m) => m.name,
  );

describe('pull', () => {
  it('reports the whole download growing to its size, ends on "success", and the model is listed', async () => {
    emulator.library.pullScript = { steps: 3 };
    const { result, progress } = await run({ op: 'pull', model: 'gemma3:1b' });
    expect(result).toEqual({ op: 'pull' });
    expect(progress[0]).toEqual({ status: 'pulling manifest' });
    const sized = progress.filter((p) => p.totalBytes !== undefined);
    const done = sized.map((p) => p.completedBytes ?? Number.NaN);
    expect(done).toEqual([...done].sort((a, b) => a - b)); // never goes back
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ status: 'success', completedBytes: 815_319_791, totalBytes: 815_319_791 });
    expect(await tags()).toContain('gemma3:1b');
    // The pull was sent as ollama-js sends it.
    const sent = emulator.requests.find((r) => r.path === '/api/pull');
    expect(sent?.body).toMatchObject({ name: 'gemma3:1b', stream: true });
  });

  it('says to check the name when the registry has no such model', async () => {
    const error = await failure({ op: 'pull', model: 'no-such-model' });
    expect(error.message).toContain('could not download "no-such-model"');
    expect(error.message).toContain('pull model manifest: file does not exist');
    expect(error.message).toContain('ollama.com/library');
    expect(await tags()).not.toContain('no-such-model');
  });

  it('says to free disk space on a full disk mid-pull, and the next pull continues from the bytes it had', async () => {
    emulator.library.pullScript = { steps: 4, failAfterSteps: 3 };
    const error = await failure({ op: 'pull', model: 'gemma3:1b' });
    expect(error.message).toContain('no space left on device');
    expect(error.message).toMatch(/Free some disk space.*continues where it stopped/);
    emulator.library.pullScript = { steps: 4 };
    await run({ op: 'pull', model: 'gemma3:1b' });
    const [first, second] = emulator.library.pullStarts;
    expect(first?.resumedBytes).toBe(0);
    expect(second?.resumedBytes).toBeGreaterThan(0);
  });

  it('reports a dropped connection mid-pull as a download that stopped, with what to do', async () => {
    emulator.library.pullScript = { steps: 4, dropAfterSteps: 2 };
    const error = await failure({ op: 'pull', model: 'gemma3:1b' });
    expect(['stream-broken', 'connection']).toContain(error.kind);
    expect(error.message).toMatch(/Pull it again|try again/i);
    expect(await tags()).not.toContain('gemma3:1b');
  });

  it('stops when aborted: the connection closes and the model is not installed', async () => {
    emulator.library.pullScript = { steps: 4, holdAfterSteps: 2 };
    const controller = new AbortController();
    const progress: ModelProgress[] = [];
    const pulling = manager.run(
      { op: 'pull', model: 'gemma3:1b' },
      (p) => {
        progress.push(p);
        if (p.completedBytes !== undefined && progress.filter((q) => q.completedBytes).length === 2)
          controller.abort();
      },
      controller.signal,
    );
    await expect(pulling).rejects.toMatchObject({ kind: 'aborted' });
    await emulator.waitForRequestConnectionsClosed();
    await expect.poll(() => emulator.outcomes).toContain('gone');
    expect(await tags()).not.toContain('gemma3:1b');
  });

  it('fails on a line that is not JSON instead of taking it for progress', async () => {
    emulator.library.pullScript = { steps: 2, malformedAfterSteps: 1 };
    const error = await failure({ op: 'pull', model: 'gemma3:1b' });
    expect(error.kind).toBe('stream-broken');
    expect(error.message).toContain('not JSON');
  });
});

describe('delete, loaded models, load and unload', () => {
  it('deletes a model, and says so clearly when it is already gone', async () => {
    await run({ op: 'delete', model: 'qwen3:0.6b' });
    expect(await tags()).not.toContain('qwen3:0.6b');
    const sent = emulator.requests.find((r) => r.path === '/api/delete');
    expect(sent?.method).toBe('DELETE');
    const error = await failure({ op: 'delete', model: 'qwen3:0.6b' });
    expect(error.kind).toBe('model-not-found');
  });

  it('lists what is in memory with size, GPU share and expiry; load and unload change it', async () => {
    expect(await run({ op: 'list-loaded' })).toMatchObject({ result: { op: 'list-loaded', models: [] } });
    await run({ op: 'load', model: 'llama3.2:latest' });
    const { result } = await run({ op: 'list-loaded' });
    expect(result.op === 'list-loaded' && result.models).toEqual([
      expect.objectContaining({ id: 'llama3.2:latest', sizeBytes: 2_019_393_189, vramBytes: 2_019_393_189 }),
    ]);
    const expires = result.op === 'list-loaded' ? Date.parse(result.models[0]?.expiresAt ?? '') : Number.NaN;
    expect(expires).toBeGreaterThan(Date.now());
    await run({ op: 'unload', model: 'llama3.2:latest' });
    expect(await run({ op: 'list-loaded' })).toMatchObject({ result: { models: [] } });
    const unload = emulator.requests.filter((r) => r.path === '/api/generate').at(-1);
    expect(unload?.body).toMatchObject({ model: 'llama3.2:latest', prompt: '', keep_alive: 0 });
  });

  it('shows a model kept forever (keep_alive -1) as staying, without an expiry', async () => {
    emulator.library.use('/api/chat', 'llama3.2', -1);
    const { result } = await run({ op: 'list-loaded' });
    expect(result.op === 'list-loaded' && result.models[0]?.expiresAt).toBeUndefined();
    expect(result.op === 'list-loaded' && result.models[0]?.staysUntilUnloaded).toBe(true);
  });
});
