// LM Studio model management over its REST API v1, through the real openai client against the
// emulator: downloads followed to the end (or failure, pause, stop), load with a context
// length, unload of every instance, the loaded list, an API token, and an LM Studio too old.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import { LMStudioModelManager } from '../../src/lib/providers/openai-compatible/lmstudio-model-manager';
import { openAIClient } from '../../src/lib/providers/openai-compatible/request';
import { failureContext } from '../../src/lib/providers/http/http-errors';
import { ProviderError } from '../../src/lib/providers/errors';
import type { ModelManager, ModelOperation, ModelProgress } from '../../src/lib/vocabulary/models';
import {
  startLMStudioRestEmulator,
  type LMStudioRestEmulatorHandle,
} from '../emulators/lmstudio-rest-emulator';

let emulator: LMStudioRestEmulatorHandle;
let manager: ModelManager;

/** The real manager, reading a download's status every 5 ms instead of every second. */
function managerFor(url: string, apiKey?: string): ModelManager {
  const config = { baseUrl: url, name: 'Studio', ...(apiKey ? { apiKey } : {}) };
  return new LMStudioModelManager(openAIClient(config), url, failureContext('lmstudio-rest', config), 5);
}

beforeEach(async () => {
  emulator = await startLMStudioRestEmulator();
  manager = managerFor(emulator.url);
});

afterEach(async () => {
  await emulator.close();
});

async function run(operation: ModelOperation, signal = new AbortController().signal, on = manager) {
  const progress: ModelProgress[] = [];
  const result = await on.run(operation, (p) => progress.push(p), signal);
  return { result, progress };
}

async function failure(operation: ModelOperation, on = manager): Promise<ProviderError> {
  const error = await run(operation, undefined, on).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const listed = async () =>
  ((await (await fetch(`${emulator.url}/models`)).json()) as { data: { id: string }[] }).data.map(
    (m) => m.id,
  );

describe('download', () => {
  it('follows the job to the end with growing bytes, and the model is listed', async () => {
    emulator.library.downloadScript = { steps: 4 };
    const { result, progress } = await run({ op: 'pull', model: 'ibm/granite-4-micro' });
    expect(result).toEqual({ op: 'pull' });
    const bytes = progress.flatMap((p) => (p.completedBytes === undefined ? [] : [p.completedBytes]));
    expect(bytes.length).toBeGreaterThanOrEqual(3);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(progress.find((p) => p.totalBytes !== undefined)?.totalBytes).toBe(2_279_145_003);
    expect(progress.at(-1)).toEqual({ status: 'downloaded' });
    expect(await listed()).toContain('ibm/granite-4-micro');
    const sent = emulator.requests.find((r) => r.path === '/api/v1/models/download');
    expect(sent?.body).toEqual({ model: 'ibm/granite-4-micro' });
  });

  it('a model already on disk is done at once', async () => {
    const { progress } = await run({ op: 'pull', model: 'qwen2.5-7b-instruct' });
    expect(progress).toEqual([{ status: 'already downloaded' }]);
    expect(emulator.requests.filter((r) => r.path.includes('/download/status/'))).toHaveLength(0);
  });

  it('a name the catalog lacks, a failed job and a paused job each say what to do', async () => {
    const unknown = await failure({ op: 'pull', model: 'nobody/nothing' });
    expect(unknown.message).toContain('not found in the catalog');
    emulator.library.downloadScript = { failAfterSteps: 2 };
    const failed = await failure({ op: 'pull', model: 'ibm/granite-4-micro' });
    expect(failed.message).toBe(
      `“Studio” (LM Studio) could not download "ibm/granite-4-micro". LM Studio's Downloads panel says why (a full disk, no network); then try again.`,
    );
    emulator.library.downloadScript = { pauseAfterSteps: 1 };
    const paused = await failure({ op: 'pull', model: 'google/gemma-3-1b' });
    expect(paused.message).toContain('paused the download');
    expect(paused.message).toContain("Resume it in LM Studio's Downloads");
    expect(await listed()).not.toContain('google/gemma-3-1b');
  });

  it('a stop ends the watching at once (kind aborted); asking again follows the same job', async () => {
    emulator.library.downloadScript = { steps: 1000 };
    const controller = new AbortController();
    const first = manager.run(
      { op: 'pull', model: 'ibm/granite-4-micro' },
      (p) => {
        if ((p.completedBytes ?? 0) > 0) controller.abort();
      },
      controller.signal,
    );
    await expect(first).rejects.toMatchObject({ kind: 'aborted' });
    const reads = emulator.library.jobs.get('job_0000000001')?.reads ?? 0;
    expect(reads).toBeGreaterThan(0);
    emulator.library.downloadScript = { steps: reads + 2 };
    await run({ op: 'pull', model: 'ibm/granite-4-micro' });
    expect(emulator.library.jobs.size).toBe(1); // no second download was started
    expect(await listed()).toContain('ibm/granite-4-micro');
  });
});

describe('load, unload and the loaded list', () => {
  it('loads with the context asked for, lists it with that context, and unloads it', async () => {
    expect(await run({ op: 'list-loaded' })).toMatchObject({
      result: { models: [{ id: 'qwen2.5-7b-instruct', contextLength: 4096, sizeBytes: 2_497_280_256 }] },
    });
    await run({ op: 'load', model: 'qwen/qwen3-4b', contextLength: 16384 });
    expect(emulator.library.loadRequests.at(-1)).toEqual({ model: 'qwen/qwen3-4b', context_length: 16384 });
    const { result } = await run({ op: 'list-loaded' });
    expect(result.op === 'list-loaded' && result.models.map((m) => [m.id, m.contextLength])).toEqual([
      ['qwen2.5-7b-instruct', 4096],
      ['qwen/qwen3-4b', 16384],
    ]);
    await run({ op: 'unload', model: 'qwen/qwen3-4b' });
    expect(emulator.library.unloads).toEqual(['qwen/qwen3-4b']);
    expect(await run({ op: 'list-loaded' })).toMatchObject({
      result: { models: [{ id: 'qwen2.5-7b-instruct' }] },
    });
  });

  it('a load without a context sends none (LM Studio picks), and a chat loads its model just in time', async () => {
    await run({ op: 'unload', model: 'qwen2.5-7b-instruct' });
    await run({ op: 'load', model: 'qwen2.5-7b-instruct' });
    expect(emulator.library.loadRequests.at(-1)).toEqual({ model: 'qwen2.5-7b-instruct' });
    const provider = new OpenAICompatibleProvider({ baseUrl: emulator.url });
    await provider.complete([{ role: 'user', content: 'hi' }], {
      model: 'qwen/qwen3-4b',
      signal: new AbortController().signal,
    });
    const { result } = await run({ op: 'list-loaded' });
    expect(result.op === 'list-loaded' && result.models.map((m) => m.id)).toContain('qwen/qwen3-4b');
  });

  it('loading a model that is not there names it; unloading one not in memory is a no-op', async () => {
    const error = await failure({ op: 'load', model: 'gone-model' });
    expect(error.message).toContain('gone-model');
    await run({ op: 'unload', model: 'qwen/qwen3-4b' });
    expect(emulator.library.unloads).toEqual([]);
  });

  it('the provider offers exactly these operations, and delete is refused in words', async () => {
    const offered = new OpenAICompatibleProvider({ baseUrl: emulator.url }).modelManager();
    expect(offered?.operations).toEqual(['pull', 'load', 'unload', 'list-loaded']);
    expect(
      new OpenAICompatibleProvider({ baseUrl: emulator.url }, 'openai-compatible').modelManager(),
    ).toBeUndefined();
    const refused = await failure({ op: 'delete', model: 'qwen/qwen3-4b' });
    expect(refused.message).toContain('delete qwen/qwen3-4b in LM Studio');
  });
});

describe('servers that cannot', () => {
  it('sends the API token, and a wrong one says to enter it', async () => {
    await emulator.close();
    emulator = await startLMStudioRestEmulator({ apiKey: 'sk-lm-right:token' });
    const withKey = managerFor(emulator.url, 'sk-lm-right:token');
    expect(await run({ op: 'list-loaded' }, undefined, withKey)).toMatchObject({
      result: { op: 'list-loaded' },
    });
    const wrong = await failure({ op: 'list-loaded' }, managerFor(emulator.url, 'wrong'));
    expect(wrong.kind).toBe('http');
    expect(wrong.status).toBe(401);
  });

  it('an LM Studio older than 0.4 (no REST API v1) is told to update', async () => {
    const old = await startLMStudioRestEmulator({ restApiV1: false });
    try {
      // An old LM Studio answers unknown paths with HTTP 200 and "Unexpected endpoint".
      const config = { baseUrl: old.url, name: 'Old Studio' };
      const oldManager = new LMStudioModelManager(
        openAIClient(config),
        config.baseUrl,
        failureContext('lmstudio-rest', config),
        5,
      );
      const error = await failure({ op: 'list-loaded' }, oldManager);
      expect(error.message).toBe(
        '“Old Studio” (LM Studio) has no REST API v1, which managing models needs: update LM Studio to 0.4 or later, or load and download models in LM Studio itself.',
      );
    } finally {
      await old.close();
    }
  });
});
