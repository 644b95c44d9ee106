/**
 * Test wiring for the stores: the real chat worker core and client over a MessageChannel, a
 * provider the test scripts event by event, and Map-backed storages.
 */
import { MessageChannel } from 'node:worker_threads';
import { get, type Readable } from 'svelte/store';
import { LLMProvider } from '../../src/lib/providers/base';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ModelInfo,
  StreamEvent,
} from '../../src/lib/vocabulary/chat';
import type { ConversationRepo } from '../../src/lib/persistence/repo';
import { createMemoryRepo } from '../../src/lib/persistence/memory-repo';
import type { AnswerWriters } from '../../src/lib/stores/answer-writers';
import { createBrook, type Brook } from '../../src/lib/stores/brook';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import { ChatClient, type ClientPort } from '../../src/lib/workers/chat-client';
import { EventQueue } from './event-queue';

export class MapStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  get length(): number {
    return this.map.size;
  }
}

/** A provider whose stream the test feeds: push events or an error, one at a time. */
export class ScriptedProvider extends LLMProvider {
  readonly kind = 'ollama' as const;
  override readonly supportsStreaming = true;
  readonly calls: { messages: ChatMessage[]; options: ChatOptions }[] = [];
  models: ModelInfo[] = [{ id: 'llama3.2' }, { id: 'qwen3' }];
  private readonly queue = new EventQueue();

  push(...items: (StreamEvent | Error)[]): void {
    this.queue.push(...items);
  }

  text(...parts: string[]): void {
    this.push(...parts.map((text) => ({ type: 'text', text }) as StreamEvent));
  }

  finish(stats = { completionTokens: 3, tokensPerSecond: 42 }): void {
    this.push({ type: 'finish', reason: 'stop', stats });
  }

  get lastSignal(): AbortSignal | undefined {
    return this.calls.at(-1)?.options.signal;
  }

  async complete(): Promise<ChatResult> {
    throw new Error('not used: this provider streams');
  }

  override async *events(messages: ChatMessage[], options: ChatOptions): AsyncGenerator<StreamEvent> {
    this.calls.push({ messages, options });
    yield* this.queue.drain(options.signal);
  }

  async listModels(): Promise<ModelInfo[]> {
    return this.models;
  }
}

export interface Harness {
  brook: Brook;
  provider: ScriptedProvider;
  repo: ConversationRepo;
  local: MapStorage;
  close(): void;
}

const open: MessageChannel[] = [];

export async function startHarness(
  options: {
    repo?: ConversationRepo;
    local?: MapStorage;
    provider?: ScriptedProvider;
    writers?: AnswerWriters;
  } = {},
): Promise<Harness> {
  const provider = options.provider ?? new ScriptedProvider();
  const channel = new MessageChannel();
  open.push(channel);
  attachChatWorker(channel.port2 as unknown as PortLike, { createProvider: async () => provider });
  const client = new ChatClient(channel.port1 as unknown as ClientPort);
  const repo = options.repo ?? createMemoryRepo();
  const local = options.local ?? new MapStorage();
  const brook = createBrook({
    transport: client,
    repo,
    local,
    session: new MapStorage(),
    pageOrigin: 'http://127.0.0.1:4173',
    ...(options.writers ? { writers: options.writers } : {}),
  });
  await brook.init();
  return {
    brook,
    provider,
    repo,
    local,
    close() {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

export function closeAll(): void {
  for (const channel of open.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
}

/** Resolves when the store's value satisfies `check` (rejects after `ms`). */
export function until<T>(store: Readable<T>, check: (value: T) => boolean, ms = 3000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      stop();
      reject(new Error(`condition not met within ${ms} ms; last value: ${JSON.stringify(get(store))}`));
    }, ms);
    // The callback may run before `stop` is assigned, so it only unsubscribes in a microtask.
    const stop = store.subscribe((value) => {
      if (done || !check(value)) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve(value);
    });
  });
}
