/**
 * App settings as stored (localStorage, SETTINGS_KEY): their shape, their defaults, and a parser
 * that keeps only well-formed values, so a hand-edited or half-written blob never breaks start-up.
 */
import { isJsonObject } from '../vocabulary/json';
import { isServerKind, KINDS } from '../servers/kinds';
import { isPresetId } from '../servers/presets';
import { keepAliveProblem } from '../servers/keep-alive';
import { normalizeUrl, uniqueName } from '../servers/validate';
import type { ConversationSettings } from '../vocabulary/records';
import type { KeyStorage, ServerConfig } from '../vocabulary/servers';
import type { AppSettings } from '../vocabulary/settings';

export type { AppSettings, KeyStorage, RemovedServer, ThemeChoice } from '../vocabulary/settings';

export const SETTINGS_KEY = 'brook.settings.v2';

/**
 * A first start's chat defaults. The timeouts are a safety net, not a deadline: loading a large
 * model from disk before its first token can take minutes, and Stop is always there.
 */
export const DEFAULT_CONVERSATION_SETTINGS: ConversationSettings = {
  systemPrompt: '',
  firstTokenTimeoutMs: 600_000,
  idleTimeoutMs: 300_000,
};

/** A first start: Ollama at its default address (servers found on other ports are offered). */
export function defaultSettings(): AppSettings {
  return {
    servers: [{ id: 'ollama', kind: 'ollama', name: KINDS.ollama.shortLabel, url: KINDS.ollama.defaultUrl }],
    removedServers: {},
    defaultServer: 'ollama',
    defaultModels: {},
    defaultConversationSettings: { ...DEFAULT_CONVERSATION_SETTINGS },
    theme: 'system',
    discoveryDone: false,
  };
}

function isKeyStorage(value: unknown): value is KeyStorage {
  return value === 'local' || value === 'session' || value === 'memory';
}

/** One stored server, or undefined when it is not a usable one. */
export function parseServer(value: unknown): ServerConfig | undefined {
  if (!isJsonObject(value)) return undefined;
  const { id, kind, name, url, preset, keyStorage } = value;
  if (typeof id !== 'string' || !id || id.length > 100 || !isServerKind(kind)) return undefined;
  if (typeof name !== 'string' || !name.trim() || typeof url !== 'string') return undefined;
  // Kept as saved even when today's form would refuse it (release 0.1 checked only the scheme);
  // an empty one falls back to the kind's default address rather than losing the server.
  const address = normalizeUrl(url) || KINDS[kind].defaultUrl;
  return {
    id,
    kind,
    name: name.trim().slice(0, 60),
    url: address,
    ...(kind === 'openai-compatible' && isPresetId(preset) ? { preset } : {}),
    ...(isKeyStorage(keyStorage) && KINDS[kind].acceptsApiKey ? { keyStorage } : {}),
  };
}

/** Conversation defaults: each value only when it has the right type and range. */
export function parseConversationDefaults(value: unknown): ConversationSettings {
  const d: ConversationSettings = { ...DEFAULT_CONVERSATION_SETTINGS };
  if (!isJsonObject(value)) return d;
  const conv = value as Partial<Record<keyof ConversationSettings, unknown>>;
  if (typeof conv.systemPrompt === 'string') d.systemPrompt = conv.systemPrompt;
  const numbers = ['temperature', 'maxTokens', 'firstTokenTimeoutMs', 'idleTimeoutMs', 'topP'] as const;
  for (const key of [...numbers, 'seed', 'contextLength'] as const) {
    const n = conv[key];
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) d[key] = n;
  }
  if (typeof conv.think === 'boolean') d.think = conv.think;
  if (typeof conv.keepAlive === 'string' && keepAliveProblem(conv.keepAlive) === undefined)
    d.keepAlive = conv.keepAlive;
  if (conv.responseFormat === 'json' || conv.responseFormat === 'json-schema')
    d.responseFormat = conv.responseFormat;
  if (typeof conv.jsonSchema === 'string') d.jsonSchema = conv.jsonSchema;
  for (const key of ['stop', 'tools'] as const) {
    const list = conv[key];
    if (Array.isArray(list) && list.every((item) => typeof item === 'string'))
      d[key] = [...(list as string[])];
  }
  return d;
}

/** Reads stored settings, keeping only well-formed values and defaulting the rest. */
export function parseSettings(raw: string | null): AppSettings {
  const settings = defaultSettings();
  if (!raw) return settings;
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return settings;
  }
  if (!isJsonObject(stored)) return settings;
  if (Array.isArray(stored['servers'])) {
    const servers: ServerConfig[] = [];
    for (const item of stored['servers'] as unknown[]) {
      const server = parseServer(item);
      if (!server || servers.some((s) => s.id === server.id)) continue;
      // Names are unique regardless of case (as the form checks): a clash is renamed, not dropped.
      servers.push({ ...server, name: uniqueName(server.name, servers) });
    }
    settings.servers = servers;
  }
  const removed = stored['removedServers'];
  if (isJsonObject(removed)) {
    for (const [id, entry] of Object.entries(removed)) {
      if (isJsonObject(entry) && typeof entry['name'] === 'string' && isServerKind(entry['kind']))
        settings.removedServers[id] = { name: entry['name'].slice(0, 60), kind: entry['kind'] };
    }
  }
  const ids = new Set(settings.servers.map((s) => s.id));
  const defaultServer = stored['defaultServer'];
  settings.defaultServer =
    typeof defaultServer === 'string' && ids.has(defaultServer) ? defaultServer : settings.servers[0]?.id;
  const models = stored['defaultModels'];
  if (isJsonObject(models)) {
    for (const [id, model] of Object.entries(models))
      if (ids.has(id) && typeof model === 'string' && model) settings.defaultModels[id] = model;
  }
  const theme = stored['theme'];
  if (theme === 'light' || theme === 'dark') settings.theme = theme;
  settings.defaultConversationSettings = parseConversationDefaults(stored['defaultConversationSettings']);
  settings.discoveryDone = stored['discoveryDone'] === true;
  return settings;
}
