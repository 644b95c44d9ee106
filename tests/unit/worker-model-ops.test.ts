// Model operations through the chat worker's core and its client, against the Ollama emulator:
// progress crosses as it comes, a stop closes the pull's connection, a server without model
// management gets a clear refusal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { createProvider } from '../../src/lib/providers';
import { ProviderError } from '../../src/lib/providers/errors';
import type { ModelProgress } from '../../src/lib/vocabulary/models';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import { ChatClient, type ClientPort } from '../../src/lib/workers/chat-client';
import type { ServerTarget } from '../../src/lib/workers/protocol';
import { startOllamaEmulator, type OllamaEmulatorHandle } from '../emulators/ollama-emulator';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';

let emulator: OllamaEmulatorHandle;
let channel: MessageChannel;
let client: ChatClient;

beforeEach(async () => {
  emulator = await startOllamaEmulator();
  channel = new MessageChannel();
  attachChatWorker(channel.port1 as unknown as PortLike, { createProvider });
  client = new ChatClient(channel.port2 as unknown as ClientPort);
});

afterEach(async () => {
  channel.port1.close();
  channel.port2.close();
  await emulator.close();
});

const ollama = (): ServerTarget => ({ id: 'ollama', kind: 'ollama', name: 'Ollama', baseUrl: emulator.url });

describe('model operations in the worker', () => {
  it('forwards each progress line of a pull, then the result', async () => {
    emulator.library.pullScript = { steps: 2 };
    const progress: ModelProgress[] = [];
    const result = await client.modelOperation(ollama(), { op: 'pull', model: 'smollm2:135m' }, (p) =>
      progress.push(p),
    );
    expect(result).toEqual({ op: 'pull' });
    // manifest, 4 layers × 2 steps, verifying, writing, success
    expect(progress).toHaveLength(1 + 4 * 2 + 3);
    expect(progress.at(-1)).toMatchObject({ status: 'success', completedBytes: 270_898_672 });
  });

  it('stops a pull when its signal is aborted: the promise rejects as aborted and the connection closes', async () => {
    emulator.library.pullScript = { steps: 4, holdAfterSteps: 1 };
    const controller = new AbortController();
    const pulling = client.modelOperation(
      ollama(),
      { op: 'pull', model: 'smollm2:135m' },
      (p) => {
        if (p.completedBytes !== undefined) controller.abort();
      },
      controller.signal,
    );
    await expect(pulling).rejects.toMatchObject({ kind: 'aborted' });
    await emulator.waitForRequestConnectionsClosed();
  });

  it('refuses an operation the server kind does not offer, saying which server', async () => {
    const rest = await startLMStudioRestEmulator();
    try {
      const target: ServerTarget = {
        id: 'compat',
        kind: 'openai-compatible',
        name: 'My llama.cpp',
        baseUrl: rest.url,
      };
      const error = await client
        .modelOperation(target, { op: 'pull', model: 'x' }, () => undefined)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).message).toContain('My llama.cpp cannot pull models');
    } finally {
      await rest.close();
    }
  });
});
