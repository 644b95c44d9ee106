/**
 * A server is data: what the user configured (ServerConfig, kept in settings) and what the worker
 * gets to reach it (ServerTarget). Conversations and answers name a server by its id.
 */
import { KINDS, type ServerKind } from './kinds';
import { PRESETS, type PresetId } from './presets';

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

export function serverTarget(server: ServerConfig, apiKey?: string): ServerTarget {
  return {
    id: server.id,
    kind: server.kind,
    name: server.name,
    baseUrl: server.url,
    ...(server.preset ? { preset: server.preset } : {}),
    ...(apiKey && KINDS[server.kind].acceptsApiKey ? { apiKey } : {}),
  };
}

/** How a message names a server: its own name, with its kind when the name does not say it. */
export function serverPhrase(server: { kind: ServerKind; name?: string; preset?: PresetId }): string {
  const kindName = server.preset ? PRESETS[server.preset].name : KINDS[server.kind].shortLabel;
  const name = server.name?.trim();
  if (!name || name === kindName || name === KINDS[server.kind].label) return kindName;
  return name.toLowerCase().includes(kindName.toLowerCase()) ? `“${name}”` : `“${name}” (${kindName})`;
}
