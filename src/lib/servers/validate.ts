/**
 * Checks a server as the user typed it, field by field, before anything is saved: a form shows
 * every message at once and saves nothing until all are gone.
 */
import { KINDS, type ServerKind } from './kinds';
import type { ServerConfig } from './server';

export interface ServerDraft {
  /** The server being edited; unset when adding one. */
  id?: string;
  kind: ServerKind;
  name: string;
  url: string;
  apiKey?: string;
}

export type ServerField = 'name' | 'url' | 'apiKey';

export type ServerCheck =
  { ok: true; name: string; url: string } | { ok: false; errors: Partial<Record<ServerField, string>> };

const MAX_NAME = 60;

export function validateServer(draft: ServerDraft, servers: readonly ServerConfig[]): ServerCheck {
  const errors: Partial<Record<ServerField, string>> = {};
  const name = draft.name.trim().replace(/\s+/g, ' ');
  const nameError = checkName(name, draft.id, servers);
  if (nameError) errors.name = nameError;
  const url = normalizeUrl(draft.url);
  const urlError = checkUrl(draft.kind, url);
  if (urlError) errors.url = urlError;
  if (draft.apiKey?.trim() && !KINDS[draft.kind].acceptsApiKey) {
    errors.apiKey = `${KINDS[draft.kind].label} takes no API key: leave the field empty.`;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, name, url };
}

function checkName(
  name: string,
  id: string | undefined,
  servers: readonly ServerConfig[],
): string | undefined {
  if (!name) return 'Give the server a name.';
  if (name.length > MAX_NAME) return `Keep the name to ${MAX_NAME} characters.`;
  const taken = servers.find((s) => s.id !== id && s.name.trim().toLowerCase() === name.toLowerCase());
  return taken ? `Another server is already called “${taken.name}”: pick another name.` : undefined;
}

/** Trimmed, without trailing slashes (so ".../v1/" and ".../v1" are one address). */
export function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Why `url` cannot be a `kind` server's address, or undefined when it can. */
export function checkUrl(kind: ServerKind, url: string): string | undefined {
  const descriptor = KINDS[kind];
  const example = descriptor.defaultUrl;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `Enter a full URL, for example ${example}`;
  }
  if (!descriptor.schemes.includes(parsed.protocol)) return schemeError(kind, parsed.protocol);
  // The URL parser repairs "http:/host" and "http:host"; the address is kept as typed, so it must be whole.
  if (!url.toLowerCase().startsWith(`${parsed.protocol}//`))
    return `Enter a full URL, for example ${example}`;
  if (parsed.username || parsed.password) {
    return (
      'Put no user name or password in the address' +
      (descriptor.acceptsApiKey ? ': use the API key field.' : '.')
    );
  }
  if (parsed.search || parsed.hash || /[?#]/.test(url)) return 'The address takes no ? or # part.';
  const path = parsed.pathname.replace(/\/+$/, '');
  if (descriptor.needsV1) {
    if (/\/v1\/v1$/.test(path)) return `The address has /v1 twice: use ${url.replace(/\/v1$/, '')}`;
    if (!path.endsWith('/v1')) return `This kind of server takes an address ending in /v1: try ${url}/v1`;
  }
  if (kind === 'ollama' && /\/(v1|api)$/.test(path)) {
    return `Ollama's address has no ${path.slice(path.lastIndexOf('/'))} (Brook uses Ollama's own API): use ${parsed.origin}`;
  }
  return undefined;
}

function schemeError(kind: ServerKind, protocol: string): string {
  const descriptor = KINDS[kind];
  const wanted = descriptor.schemes.map((s) => `${s}//`).join(' or ');
  if (protocol === 'ws:' || protocol === 'wss:') {
    return `A ${protocol}// address is the LM Studio SDK's. ${descriptor.label} takes ${wanted}, for example ${descriptor.defaultUrl}`;
  }
  if (kind === 'lmstudio-native' && (protocol === 'http:' || protocol === 'https:')) {
    return `The LM Studio SDK takes ${wanted}, for example ${descriptor.defaultUrl}. For LM Studio's http:// address, add an “LM Studio (OpenAI-compatible)” server.`;
  }
  return `This server's address starts with ${wanted}, for example ${descriptor.defaultUrl}`;
}

/** `base`, or `base 2`, `base 3`… : the first name no server has yet. */
export function uniqueName(base: string, servers: readonly ServerConfig[]): string {
  const taken = new Set(servers.map((s) => s.name.trim().toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base} ${n}`.toLowerCase())) return `${base} ${n}`;
}
