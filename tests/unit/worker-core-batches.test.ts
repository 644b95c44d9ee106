import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { LLMProvider } from '../../src/lib/providers/base';
import { ProviderError, type ProviderErrorData } from '../../src/lib/providers/errors';
import { EventQueue } from '../../src/lib/providers/lmstudio-native/event-queue';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ModelInfo,
  StreamEvent,
  StreamEventBatch,
} from '../../src/lib/vocabulary/chat';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import { ChatClient, type ClientPort, type CompletePayload } from '../../src/lib/workers/chat-client';
import type { ChunkPayload } from '../../src/lib/workers/protocol';
import { OLLAMA_DONE_LINE, ollamaTextLine, stubFetch } from './scripted-fetch';

/**
 * The worker core reads `eventBatches()`: a batch (one network read) is handled in one step,
 * with the same results as its events one by one: every token kept and forwarded, a failure
 * after a batch keeping all of it, the watchdog told of tokens and progress in a batch.
 */

/** A provider whose batches are whatever the test queued between two of its steps. */
class BatchedProvider extends LLMProvider {
  readonly kind = 'ollama' as const;
  override readonly supportsStreaming = true;
  readonly queue = new EventQueue<StreamEvent>();
  eventsCalls = 0;
  async complete(): Promise<ChatResult> {
    throw new Error('the worker must stream');
  }
  override async *events(): AsyncGenerator<StreamEvent> {
    this.eventsCalls += 1;
    yield* [];
  }
  override eventBatches(_messages: ChatMessage[], options: ChatOptions): AsyncGenerator<StreamEventBatch> {
    return this.queue.drain(options.signal);
  }
  async listModels(): Promise<ModelInfo[]> {
    return [];
  }
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
  vi.unstubAllGlobals();
});

function setup(provider: LLMProvider): ChatClient {
  const channel = new MessageChannel();
  channels.push(channel);
  attachChatWorker(channel.port1 as unknown as PortLike, { createProvider: async () => provider });
  return new ChatClient(channel.port2 as unknown as ClientPort);
}

interface Run {
  chunks: ChunkPayload[];
  done: Promise<{ complete?: CompletePayload; error?: ProviderErrorData }>;
}

function send(client: ChatClient, settings = {}): Run {
  const chunks: ChunkPayload[] = [];
  const done = new Promise<{ complete?: CompletePayload; error?: ProviderErrorData }>((resolve) => {
    client.send(
      {
        server: { id: 'ollama', kind: 'ollama', name: 'Test server', baseUrl: 'http://127.0.0.1:11434' },
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        settings,
      },
      {
        onChunk: (chunk) => chunks.push(chunk),
        onComplete: (complete) => resolve({ complete }),
        onError: (error) => resolve({ error }),
      },
    );
  });
  return { chunks, done };
}

const forwarded = (run: Run): string => run.chunks.map((chunk) => chunk.text).join('');

describe('chat worker core with batches', () => {
  it('reads eventBatches, not events, and loses no token of a large batch', async () => {
    const provider = new BatchedProvider();
    const run = send(setup(provider));
    const tokens = Array.from({ length: 1_000 }, (_, i) => `t${i} `);
    for (const token of tokens) provider.queue.push({ type: 'text', text: token });
    provider.queue.push({ type: 'finish', reason: 'stop', stats: { completionTokens: tokens.length } });
    provider.queue.end();
    const { complete } = await run.done;
    expect(complete?.text).toBe(tokens.join(''));
    expect(complete?.stats.completionTokens).toBe(tokens.length);
    expect(forwarded(run)).toBe(tokens.join(''));
    expect(provider.eventsCalls).toBe(0);
  });

  it('a failure right after a batch keeps the whole batch in the partial text and the chunks', async () => {
    const provider = new BatchedProvider();
    const run = send(setup(provider));
    provider.queue.push({ type: 'reasoning', text: 'hmm' });
    provider.queue.push({ type: 'text', text: 'all ' });
    provider.queue.push({ type: 'text', text: 'of it' });
    provider.queue.fail(new ProviderError('stream-broken', 'Connection dropped', { provider: 'ollama' }));
    const { error } = await run.done;
    expect(error?.kind).toBe('stream-broken');
    expect(error?.partialText).toBe('all of it');
    expect(error?.partialReasoning).toBe('hmm');
    expect(forwarded(run)).toBe('all of it');
  });

  it('a batch of prompt progress alone keeps the first-token limit', async () => {
    const provider = new BatchedProvider();
    const run = send(setup(provider), { firstTokenTimeoutMs: 60, idleTimeoutMs: 60_000 });
    provider.queue.push({ type: 'prompt-progress', progress: 0.5 });
    provider.queue.push({ type: 'prompt-progress', progress: 0.9 });
    const { error } = await run.done;
    expect(error?.kind).toBe('timeout');
    expect(error?.hint).toContain('First-token timeout (s)');
    expect(run.chunks.at(-1)?.promptProgress).toBe(0.9);
  });

  it('a batch with a token in it switches the watchdog to the idle limit', async () => {
    const provider = new BatchedProvider();
    const run = send(setup(provider), { firstTokenTimeoutMs: 60_000, idleTimeoutMs: 60 });
    provider.queue.push({ type: 'prompt-progress', progress: 1 });
    provider.queue.push({ type: 'text', text: 'then nothing' });
    const { error } = await run.done;
    expect(error?.kind).toBe('timeout');
    expect(error?.message).toContain('stopped sending');
    expect(error?.partialText).toBe('then nothing');
  });
});

describe('chat worker core with the Ollama provider, one scripted read at a time', () => {
  it('a malformed line after good lines in one read: their text is in the error and in the chunks', async () => {
    stubFetch({
      contentType: 'application/x-ndjson',
      reads: [ollamaTextLine('first '), ollamaTextLine('kept ') + ollamaTextLine('too') + '{"broken":\n'],
    });
    const run = send(setup(new OllamaProvider({ baseUrl: 'http://127.0.0.1:11434' })));
    const { error } = await run.done;
    expect(error?.kind).toBe('stream-broken');
    expect(error?.partialText).toBe('first kept too');
    expect(forwarded(run)).toBe('first kept too');
  });

  it('the done line completes the answer and closes the connection, though the server keeps it open', async () => {
    const fetch = stubFetch({
      contentType: 'application/x-ndjson',
      reads: [ollamaTextLine('a') + ollamaTextLine('b'), OLLAMA_DONE_LINE + ollamaTextLine('ignored')],
      keepOpen: true,
    });
    const run = send(setup(new OllamaProvider({ baseUrl: 'http://127.0.0.1:11434' })));
    const { complete } = await run.done;
    expect(complete?.text).toBe('ab');
    expect(complete?.finishReason).toBe('stop');
    await vi.waitFor(() => expect(fetch.cancelled).toBe(true));
    expect(fetch.readsTaken).toBe(2);
  });
});
