/**
 * A server as data: what the user configured (ServerConfig, kept in settings) and what the worker
 * gets to reach it (ServerTarget). Conversations and answers name a server by its id.
 */
import type { ProviderKind } from './chat';

/** How Brook talks to a server (see src/lib/servers/kinds.ts for each kind's descriptor). */
export type ServerKind = ProviderKind;

/** The common OpenAI-compatible servers Brook knows the steps of (src/lib/servers/presets.ts). */
export type PresetId = 'llama-cpp' | 'vllm' | 'jan' | 'localai' | 'koboldcpp' | 'text-generation-webui';

/** A configured server's id: one of the four slots of release 0.1 (kept on migration) or a new id. */
export type ServerId = string;

/** Where a server's API key is kept: this browser, this tab until it closes, or nowhere. */
export type KeyStorage = 'local' | 'session' | 'memory';

export interface ServerConfig {
  id: ServerId;
  kind: ServerKind;
  /** The user's name for it, unique among the servers ("Ollama", "GPU box", "llama.cpp server"). */
  name: string;
  url: string;
  /** Which OpenAI-compatible server it is, for its own setup steps in messages. */
  preset?: PresetId;
  /** Kinds that take a key: where it is kept (the key itself is stored apart from settings). */
  keyStorage?: KeyStorage;
}

/** What the worker needs to reach a server and to word its failures. Plain data (crosses to the worker). */
export interface ServerTarget {
  id: ServerId;
  kind: ServerKind;
  name: string;
  baseUrl: string;
  preset?: PresetId;
  apiKey?: string;
}
