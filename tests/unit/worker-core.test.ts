import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { LLMProvider } from '../../src/lib/providers/base';
import { ProviderError } from '../../src/lib/providers/errors';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ModelInfo,
  StreamEvent,
} from '../../src/lib/vocabulary/chat';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import { ChatClient, type ClientPort, type CompletePayload } from '../../src/lib/workers/chat-client';
import type { ChunkPayload } from '../../src/lib/workers/protocol';
import type { ProviderErrorData } from '../../src/lib/providers/errors';
import { EventQueue } from './event-queue';

class ScriptedProvider extends LLMProvider {
  readonly kind = 'ollama' as const;
  override readonly supportsStreaming: boolean;
  readonly queue = new EventQueue();
  lastSignal: AbortSignal | null = null;
  completeCalls = 0;
  eventsCalls = 0;
  constructor(streaming: boolean) {
    super();
    this.supportsStreaming = streaming;
  }
  async complete(_messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    this.completeCalls += 1;
    this.lastSignal = options.signal;
    return {
      text: 'whole answer',
      reasoning: '',
      toolCalls: [],
      finishReason: 'stop',
      stats: { completionTokens: 2 },
    };
  }
  override async *events(_messages: ChatMessage[], options: ChatOptions): AsyncGenerator<StreamEvent> {
    this.eventsCalls += 1;
    this.lastSignal = options.signal;
    yield* this.queue.drain(options.signal);
  }
  async listModels(): Promise<ModelInfo[]> {
    return [{ id: 'llama3.2' }];
  }
}

interface Recorded {
  chunks: ChunkPayload[];
  done: Promise<{ complete?: CompletePayload; error?: ProviderErrorData }>;
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function setup(provider: LLMProvider): ChatClient {
  const channel = new MessageChannel();
  channels.push(channel);
  attachChatWorker(channel.port1 as unknown as PortLike, { createProvider: async () => provider });
  return new ChatClient(channel.port2 as unknown as ClientPort);
}

function send(client: ChatClient, settings = {}): Recorded & { cancel(): void } {
  const chunks: ChunkPayload[] = [];
  let cancel = (): void => {};
  const done = new Promise<{ complete?: CompletePayload; error?: ProviderErrorData }>((resolve) => {
    const handle = client.send(
      {
        server: { id: 'ollama', kind: 'ollama', name: 'Test server', baseUrl: 'http://127.0.0.1:1' },
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        settings,
      },
      {
        onChunk: (c) => chunks.push(c),
        onComplete: (complete) => resolve({ complete }),
        onError: (error) => resolve({ error }),
      },
    );
    cancel = handle.cancel;
  });
  return { chunks, done, cancel: () => cancel() };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('chat worker core', () => {
  it('streams with chatStream when the provider supports it: first chunk at once, then complete', async () => {
    const provider = new ScriptedProvider(true);
    const client = setup(provider);
    const run = send(client);
    provider.queue.push({ type: 'text', text: 'Hel' });
    await until(() => run.chunks.length === 1, 'first chunk');
    expect(run.chunks[0]?.text).toBe('Hel');
    provider.queue.push({ type: 'reasoning', text: 'hmm' });
    provider.queue.push({ type: 'text', text: 'lo' });
    provider.queue.push({
      type: 'finish',
      reason: 'stop',
      rawReason: 'stop',
      stats: { completionTokens: 2 },
    });
    const { complete } = await run.done;
    expect(complete?.text).toBe('Hello');
    expect(complete?.reasoning).toBe('hmm');
    expect(complete?.finishReason).toBe('stop');
    expect(complete?.streamed).toBe(true);
    expect(run.chunks.map((c) => c.text).join('')).toBe('Hello');
    expect(provider.eventsCalls).toBe(1);
    expect(provider.completeCalls).toBe(0);
  });

  it('uses chat() and sends one chunk when the provider cannot stream', async () => {
    const provider = new ScriptedProvider(false);
    const client = setup(provider);
    const run = send(client);
    const { complete } = await run.done;
    expect(complete?.text).toBe('whole answer');
    expect(complete?.streamed).toBe(false);
    expect(run.chunks).toHaveLength(1);
    expect(provider.completeCalls).toBe(1);
    expect(provider.eventsCalls).toBe(0);
  });

  it('coalesces a burst of tokens into far fewer messages, losing none', async () => {
    const provider = new ScriptedProvider(true);
    const client = setup(provider);
    const run = send(client);
    const tokens = Array.from({ length: 2_000 }, (_, i) => `t${i} `);
    for (const text of tokens) provider.queue.push({ type: 'text', text });
    provider.queue.push({ type: 'finish', reason: 'stop', stats: {} });
    const { complete } = await run.done;
    expect(complete?.text).toBe(tokens.join(''));
    expect(run.chunks.map((c) => c.text).join('')).toBe(tokens.join(''));
    expect(run.chunks.length).toBeLessThan(tokens.length / 10);
  });

  it('stop: completes at once as cancelled with the partial text, aborts the provider, and sends nothing after', async () => {
    const provider = new ScriptedProvider(true);
    const client = setup(provider);
    const run = send(client);
    provider.queue.push({ type: 'text', text: 'partial ' });
    await until(() => run.chunks.length === 1, 'first chunk');
    run.cancel();
    const { complete } = await run.done;
    expect(complete?.finishReason).toBe('cancelled');
    expect(complete?.text).toBe('partial ');
    await until(() => provider.lastSignal?.aborted === true, 'provider signal aborted');
    const chunksAtStop = run.chunks.length;
    provider.queue.push({ type: 'text', text: 'ghost' });
    await new Promise((r) => setImmediate(r));
    expect(run.chunks.length).toBe(chunksAtStop);
  });

  it('a failure mid-answer is a typed error that keeps the partial text', async () => {
    const provider = new ScriptedProvider(true);
    const client = setup(provider);
    const run = send(client);
    provider.queue.push({ type: 'text', text: 'kept text' });
    provider.queue.push(new ProviderError('stream-broken', 'Connection dropped', { provider: 'ollama' }));
    const { error } = await run.done;
    expect(error?.kind).toBe('stream-broken');
    expect(error?.message).toBe('Connection dropped');
    expect(error?.partialText).toBe('kept text');
  });

  it('reads <think>…</think> at the start of the text as reasoning, split across reads, for any provider', async () => {
    const provider = new ScriptedProvider(true);
    const client = setup(provider);
    const run = send(client);
    for (const text of ['<thi', 'nk>\nCount the', ' letters.</th', 'ink>\n\nThree.'])
      provider.queue.push({ type: 'text', text });
    provider.queue.push({ type: 'finish', reason: 'stop', stats: {} });
    const { complete } = await run.done;
    expect(complete).toMatchObject({ text: 'Three.', reasoning: 'Count the letters.' });
    // The page got the same split as it streamed: no tag ever showed as text.
    expect(run.chunks.map((c) => c.text).join('')).toBe('Three.');
    expect(run.chunks.map((c) => c.reasoning).join('')).toBe('Count the letters.');
  });

  it('keeps the tags as text when the chat turned that off; a stop or failure keeps what was held', async () => {
    const off = new ScriptedProvider(true);
    const plain = send(setup(off), { inlineThinking: false });
    off.queue.push({ type: 'text', text: '<think>x</think>y' });
    off.queue.push({ type: 'finish', reason: 'stop', stats: {} });
    expect((await plain.done).complete).toMatchObject({ text: '<think>x</think>y', reasoning: '' });

    const stopped = new ScriptedProvider(true);
    const run = send(setup(stopped));
    stopped.queue.push({ type: 'text', text: '<think>half a thought</thi' });
    await until(() => run.chunks.length === 1, 'first chunk');
    run.cancel();
    expect((await run.done).complete).toMatchObject({
      finishReason: 'cancelled',
      reasoning: 'half a thought</thi',
    });

    const failing = new ScriptedProvider(true);
    const broken = send(setup(failing));
    failing.queue.push({ type: 'text', text: '  <thi' });
    failing.queue.push(new ProviderError('stream-broken', 'Connection dropped', { provider: 'ollama' }));
    expect((await broken.done).error?.partialText).toBe('  <thi');
  });

  it('an unexpected exception becomes a typed error, not answer text', async () => {
    const provider = new ScriptedProvider(true);
    const client = setup(provider);
    const run = send(client);
    provider.queue.push(new Error('boom'));
    const { error, complete } = await run.done;
    expect(complete).toBeUndefined();
    expect(error?.kind).toBe('bad-response');
    expect(error?.message).toContain('boom');
  });

  it('gives up with a timeout error when no first token arrives in time', async () => {
    const provider = new ScriptedProvider(true);
    const client = setup(provider);
    const run = send(client, { firstTokenTimeoutMs: 50 });
    const { error } = await run.done;
    expect(error?.kind).toBe('timeout');
    expect(error?.message).toContain('sent no answer within 0.1 s');
    expect(error?.hint).toContain('First-token timeout (s)');
    expect(provider.lastSignal?.aborted).toBe(true);
  });

  it('gives up with an idle timeout when the stream stalls, keeping what arrived', async () => {
    const provider = new ScriptedProvider(true);
    const client = setup(provider);
    const run = send(client, { idleTimeoutMs: 50 });
    provider.queue.push({ type: 'text', text: 'before the stall' });
    const { error } = await run.done;
    expect(error?.kind).toBe('timeout');
    expect(error?.message).toContain('stopped sending');
    expect(error?.partialText).toBe('before the stall');
  });

  it('lists models, and reports a failure to list as a typed error', async () => {
    const ok = setup(new ScriptedProvider(true));
    await expect(
      ok.listModels({ id: 'ollama', kind: 'ollama', name: 'Test server', baseUrl: 'x' }),
    ).resolves.toEqual([{ id: 'llama3.2' }]);
    const failing = new ScriptedProvider(true);
    failing.listModels = async () => {
      throw new ProviderError('connection', 'Cannot reach Ollama', { provider: 'ollama' });
    };
    const bad = setup(failing);
    await expect(
      bad.listModels({ id: 'ollama', kind: 'ollama', name: 'Test server', baseUrl: 'x' }),
    ).rejects.toMatchObject({
      kind: 'connection',
      message: 'Cannot reach Ollama',
    });
  });
});
