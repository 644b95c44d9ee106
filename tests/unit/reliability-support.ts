/**
 * What the reliability tests share: the real chat worker core and client over a MessageChannel
 * (with the real provider factory, so each request goes through the real client library to an
 * emulator), one emulator per server kind, and a request recorder that keeps every chunk.
 */
import { MessageChannel } from 'node:worker_threads';
import type { ProviderErrorData } from '../../src/lib/providers/errors';
import { disposeNativeClients } from '../../src/lib/providers/lmstudio-native/provider';
import type { ProviderKind } from '../../src/lib/vocabulary/chat';
import { ChatClient, type ClientPort, type CompletePayload } from '../../src/lib/workers/chat-client';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import { KINDS } from '../../src/lib/servers/kinds';
import type { GenerationSettings, ServerTarget } from '../../src/lib/workers/protocol';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../emulators/lmstudio-native-emulator';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';
import { startOllamaEmulator } from '../emulators/ollama-emulator';
import type { EmulatorHandle } from '../emulators/scenario';

/** The worker core on one end of a channel, the main thread's client on the other. */
export interface WorkerRig {
  client: ChatClient;
  close(): void;
}

export function startWorkerRig(): WorkerRig {
  const channel = new MessageChannel();
  attachChatWorker(channel.port1 as unknown as PortLike);
  const client = new ChatClient(channel.port2 as unknown as ClientPort);
  return {
    client,
    close() {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

/** How one request ended, with every chunk the UI would have shown. */
export interface Answer {
  chunks: string[];
  /** The chunks joined: what the UI has on screen. */
  shown: string;
  complete?: CompletePayload;
  error?: ProviderErrorData;
}

export interface Asked {
  /** Settles with the final message (complete or error) of this request. */
  done: Promise<Answer>;
  /** Text shown so far. */
  shown(): string;
  cancel(): void;
}

export function ask(
  client: ChatClient,
  target: ServerTarget,
  model: string | undefined,
  settings: GenerationSettings = {},
  question = 'Tell me something.',
): Asked {
  const chunks: string[] = [];
  let cancel = (): void => {};
  const done = new Promise<Answer>((resolve) => {
    const handle = client.send(
      {
        server: target,
        ...(model === undefined ? {} : { model }),
        messages: [{ role: 'user', content: question }],
        settings,
      },
      {
        onChunk: (chunk) => chunks.push(chunk.text),
        onComplete: (complete) => resolve({ chunks, shown: chunks.join(''), complete }),
        onError: (error) => resolve({ chunks, shown: chunks.join(''), error }),
      },
    );
    cancel = handle.cancel;
  });
  return { done, shown: () => chunks.join(''), cancel: () => cancel() };
}

/** One server kind under test: how to start its emulator and what to ask it for. */
export interface ServerUnderTest {
  kind: ProviderKind;
  /** A model the emulator has. */
  model: string;
  start(): Promise<EmulatorHandle>;
}

export const SERVERS: ServerUnderTest[] = [
  { kind: 'ollama', model: 'llama3.2:latest', start: () => startOllamaEmulator() },
  { kind: 'lmstudio-rest', model: 'qwen2.5-7b-instruct', start: () => startLMStudioRestEmulator() },
  { kind: 'lmstudio-native', model: 'qwen2.5-7b-instruct', start: () => startLMStudioNativeEmulator() },
];

export const HTTP_SERVERS = SERVERS.filter((server) => server.kind !== 'lmstudio-native');

export function targetOf(kind: ProviderKind, emulator: Pick<EmulatorHandle, 'url'>): ServerTarget {
  return { id: kind, kind, name: KINDS[kind].shortLabel, baseUrl: emulator.url };
}

export function isHttp(emulator: EmulatorHandle): emulator is HttpEmulatorHandle {
  return 'outcomes' in emulator;
}

export function isNative(emulator: EmulatorHandle): emulator is LMStudioNativeEmulator {
  return 'cancellations' in emulator;
}

/**
 * Resolves once the server saw the request's connection close: for HTTP every socket that
 * carried a request, for LM Studio native the SDK's cancel (its socket is shared and stays open).
 */
export async function serverSawEnd(emulator: EmulatorHandle): Promise<void> {
  if (isHttp(emulator)) await emulator.waitForRequestConnectionsClosed();
  else if (isNative(emulator)) await emulator.waitForCancellations(1);
}

/** A URL on which nothing listens: a port that an emulator held and released. */
export async function deadUrl(server: ServerUnderTest): Promise<string> {
  const emulator = await server.start();
  const url = emulator.url;
  await emulator.close();
  return url;
}

/** Closes emulators and the shared LM Studio SDK clients. */
export async function closeAll(emulators: EmulatorHandle[]): Promise<void> {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
  await disposeNativeClients();
}

/** Text tokens for a scripted answer: `count` words, each naming its round and index. */
export function taggedTokens(round: number | string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${i === 0 ? '' : ' '}r${round}w${i}`);
}
