/** A server's target for the worker, and how messages name a server. */
import type { PresetId, ServerConfig, ServerKind, ServerTarget } from '../vocabulary/servers';
import { KINDS } from './kinds';
import { PRESETS } from './presets';

export type { KeyStorage, ServerConfig, ServerId, ServerTarget } from '../vocabulary/servers';

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
/**
 * The server keeps a name its kind (or preset) gives it — "Ollama", "LM Studio", "llama.cpp
 * server", "OpenAI-compatible server" — rather than one of the user's own.
 */
export function hasKindName(server: { kind: ServerKind; name?: string; preset?: PresetId }): boolean {
  const name = server.name?.trim().toLowerCase();
  if (!name) return true;
  const own = server.preset
    ? [PRESETS[server.preset].name]
    : [KINDS[server.kind].label, KINDS[server.kind].shortLabel, `${KINDS[server.kind].shortLabel} server`];
  return own.some((n) => n.toLowerCase() === name);
}

/** How a message names a server: its own name, with its kind when the name does not say it. */
export function serverPhrase(server: { kind: ServerKind; name?: string; preset?: PresetId }): string {
  const kindName = server.preset ? PRESETS[server.preset].name : KINDS[server.kind].shortLabel;
  const name = server.name?.trim() ?? '';
  if (hasKindName(server)) return kindName;
  return name.toLowerCase().includes(kindName.toLowerCase()) ? `“${name}”` : `“${name}” (${kindName})`;
}
