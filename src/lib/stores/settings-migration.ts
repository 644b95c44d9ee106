/**
 * Release 0.1 kept four fixed server slots (`brook.settings.v1`) and one API key for the
 * OpenAI-compatible slot (`brook.apiKey.v1`). This brings them into the server registry
 * (`brook.settings.v2`, one key per server) on the first start of this release.
 *
 * Each slot becomes a server whose id is the slot's name, so every stored conversation, whose
 * `server` field names its slot, points at its own server with no change to IndexedDB.
 *
 * Crash-safe by order: (1) the key is copied to its new place if not there yet, (2) the new
 * settings are written in one setItem (the commit), (3) only then is the old key removed. The
 * old settings are never changed. Any step that fails or is cut short is redone next start.
 */
import type { SyncStorage } from '../persistence/recovery';
import { SERVER_KINDS, KINDS } from '../servers/kinds';
import type { KeyStorage, ServerConfig } from '../servers/server';
import { normalizeUrl } from '../servers/validate';
import { apiKeyKey, readStored, removeStored, writeStored } from './api-keys';
import {
  defaultSettings,
  parseConversationDefaults,
  parseSettings,
  SETTINGS_KEY,
  type AppSettings,
} from './settings-parse';

export const LEGACY_SETTINGS_KEY = 'brook.settings.v1';
export const LEGACY_API_KEY_KEY = 'brook.apiKey.v1';
/** The slot that took the key in release 0.1 (the only one that did). */
const KEYED_SLOT = 'openai-compatible';

type Loose = Record<string, unknown>;

/** The registry release 0.1's settings stand for: all four slots, with the user's URLs and choices. */
export function settingsFromV1(raw: string | null): AppSettings {
  const settings = defaultSettings();
  let stored: Loose = {};
  try {
    const parsed: unknown = JSON.parse(raw ?? '{}');
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) stored = parsed as Loose;
  } catch {
    // unreadable: the slots keep their default addresses
  }
  const urls = (stored['serverUrls'] ?? {}) as Loose;
  const keyStorage = legacyKeyStorage(stored);
  settings.servers = SERVER_KINDS.map((kind): ServerConfig => {
    const url = urls[kind];
    return {
      id: kind,
      kind,
      name: kind === 'openai-compatible' ? 'OpenAI-compatible server' : KINDS[kind].label,
      url: (typeof url === 'string' && normalizeUrl(url)) || KINDS[kind].defaultUrl,
      ...(KINDS[kind].acceptsApiKey ? { keyStorage } : {}),
    };
  });
  const server = stored['defaultServer'];
  settings.defaultServer =
    typeof server === 'string' && (SERVER_KINDS as readonly string[]).includes(server) ? server : 'ollama';
  const models = (stored['defaultModels'] ?? {}) as Loose;
  for (const kind of SERVER_KINDS) {
    const model = models[kind];
    if (typeof model === 'string' && model) settings.defaultModels[kind] = model;
  }
  if (stored['theme'] === 'light' || stored['theme'] === 'dark') settings.theme = stored['theme'];
  settings.defaultConversationSettings = parseConversationDefaults(stored['defaultConversationSettings']);
  // A user of release 0.1 has set up the servers they use: no first-start search.
  settings.discoveryDone = true;
  return settings;
}

function legacyKeyStorage(stored: Loose): KeyStorage {
  const where = stored['keyStorage'];
  return where === 'session' || where === 'memory' ? where : 'local';
}

/**
 * The settings to start with: the registry when it is saved, else release 0.1's settings brought
 * over (and saved), else the defaults. Never throws; storage that refuses writes leaves the
 * migration to be redone, with the old data as it was.
 */
export function loadSettings(local: SyncStorage, session: SyncStorage): AppSettings {
  const saved = readStored(local, SETTINGS_KEY);
  if (saved !== null) {
    const settings = parseSettings(saved);
    moveLegacyKey(settings, local, session);
    return settings;
  }
  const legacy = readStored(local, LEGACY_SETTINGS_KEY);
  const legacyKey = readStored(local, LEGACY_API_KEY_KEY) ?? readStored(session, LEGACY_API_KEY_KEY);
  if (legacy === null && legacyKey === null) return defaultSettings();
  const settings = settingsFromV1(legacy);
  copyLegacyKey(settings, local, session);
  if (writeStored(local, SETTINGS_KEY, JSON.stringify(settings))) moveLegacyKey(settings, local, session);
  return settings;
}

/** Step 1: the old key, copied to the keyed server's own place unless one is there already. */
function copyLegacyKey(settings: AppSettings, local: SyncStorage, session: SyncStorage): void {
  const server = settings.servers.find((s) => s.id === KEYED_SLOT);
  const where = server?.keyStorage ?? 'local';
  if (!server || where === 'memory') return;
  const storage = where === 'session' ? session : local;
  const key = readStored(storage, LEGACY_API_KEY_KEY) ?? readStored(local, LEGACY_API_KEY_KEY);
  if (key && readStored(storage, apiKeyKey(server.id)) === null)
    writeStored(storage, apiKeyKey(server.id), key);
}

/** Step 3 (after the commit): the old key goes once its copy is in place. */
function moveLegacyKey(settings: AppSettings, local: SyncStorage, session: SyncStorage): void {
  if (readStored(local, LEGACY_API_KEY_KEY) === null && readStored(session, LEGACY_API_KEY_KEY) === null)
    return;
  copyLegacyKey(settings, local, session);
  const server = settings.servers.find((s) => s.id === KEYED_SLOT);
  const where = server?.keyStorage ?? 'local';
  const copied =
    !server ||
    where === 'memory' ||
    readStored(where === 'session' ? session : local, apiKeyKey(server.id)) !== null;
  if (!copied) return;
  removeStored(local, LEGACY_API_KEY_KEY);
  removeStored(session, LEGACY_API_KEY_KEY);
}
