import { get, writable, type Readable } from 'svelte/store';
import type { ConversationSettings } from '../persistence/records';
import type { SyncStorage } from '../persistence/recovery';
import type { ProviderTarget } from '../workers/protocol';
import { DEFAULT_SERVER_URLS, isServerId, providerTarget, SERVER_IDS, type ServerId } from './servers';

export type ThemeChoice = 'system' | 'light' | 'dark';
/** Where the API key lives: this browser (local), this tab until it closes (session), or nowhere. */
export type KeyStorage = 'local' | 'session' | 'memory';

/** App-wide settings, kept in localStorage under SETTINGS_KEY. */
export interface AppSettings {
  serverUrls: Record<ServerId, string>;
  /** Server and model of the last conversation a user set up: new conversations start with them. */
  defaultServer: ServerId;
  defaultModels: Partial<Record<ServerId, string>>;
  defaultConversationSettings: ConversationSettings;
  theme: ThemeChoice;
  keyStorage: KeyStorage;
}

export const SETTINGS_KEY = 'brook.settings.v1';
export const API_KEY_KEY = 'brook.apiKey.v1';

export const DEFAULT_CONVERSATION_SETTINGS: ConversationSettings = {
  systemPrompt: '',
  firstTokenTimeoutMs: 120_000,
  idleTimeoutMs: 60_000,
};

export function defaultSettings(): AppSettings {
  return {
    serverUrls: { ...DEFAULT_SERVER_URLS },
    defaultServer: 'ollama',
    defaultModels: {},
    defaultConversationSettings: { ...DEFAULT_CONVERSATION_SETTINGS },
    theme: 'system',
    keyStorage: 'local',
  };
}

/** Reads stored settings, keeping only well-formed values and defaulting the rest. */
export function parseSettings(raw: string | null): AppSettings {
  const settings = defaultSettings();
  if (!raw) return settings;
  let stored: Partial<AppSettings>;
  try {
    stored = JSON.parse(raw) as Partial<AppSettings>;
    if (typeof stored !== 'object' || stored === null) return settings;
  } catch {
    return settings;
  }
  for (const server of SERVER_IDS) {
    const url = stored.serverUrls?.[server];
    if (typeof url === 'string' && url.trim()) settings.serverUrls[server] = url.trim();
    const model = stored.defaultModels?.[server];
    if (typeof model === 'string' && model) settings.defaultModels[server] = model;
  }
  if (isServerId(stored.defaultServer)) settings.defaultServer = stored.defaultServer;
  if (stored.theme === 'light' || stored.theme === 'dark') settings.theme = stored.theme;
  if (stored.keyStorage === 'session' || stored.keyStorage === 'memory')
    settings.keyStorage = stored.keyStorage;
  const conv = stored.defaultConversationSettings;
  if (conv && typeof conv === 'object') {
    const d = settings.defaultConversationSettings;
    if (typeof conv.systemPrompt === 'string') d.systemPrompt = conv.systemPrompt;
    const numbers = ['temperature', 'maxTokens', 'firstTokenTimeoutMs', 'idleTimeoutMs', 'topP'] as const;
    for (const key of [...numbers, 'seed', 'contextLength'] as const) {
      const value = conv[key];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) d[key] = value;
    }
    if (typeof conv.think === 'boolean') d.think = conv.think;
    if (conv.responseFormat === 'json' || conv.responseFormat === 'json-schema')
      d.responseFormat = conv.responseFormat;
    if (typeof conv.jsonSchema === 'string') d.jsonSchema = conv.jsonSchema;
    for (const key of ['stop', 'tools'] as const) {
      const list = conv[key];
      if (Array.isArray(list) && list.every((item) => typeof item === 'string')) d[key] = [...list];
    }
  }
  return settings;
}

export interface SettingsStore extends Readable<AppSettings> {
  /** The OpenAI-compatible server's key ('' when none). Never logged. */
  readonly apiKey: Readable<string>;
  update(patch: Partial<AppSettings>): void;
  setServerUrl(server: ServerId, url: string): void;
  setDefaultChoice(server: ServerId, model: string | undefined): void;
  setApiKey(key: string, where: KeyStorage): void;
  /** Where to reach a server with the current settings. */
  target(server: ServerId): ProviderTarget;
}

export function createSettingsStore(local: SyncStorage, session: SyncStorage): SettingsStore {
  const state = writable(parseSettings(safeRead(local, SETTINGS_KEY)));
  const initialKeyStorage = get(state).keyStorage;
  const apiKey = writable(readKey(initialKeyStorage));

  function readKey(where: KeyStorage): string {
    if (where === 'memory') return '';
    return safeRead(where === 'local' ? local : session, API_KEY_KEY) ?? '';
  }

  function save(settings: AppSettings): void {
    try {
      local.setItem(SETTINGS_KEY, JSON.stringify(settings));
    } catch (error) {
      console.warn('Brook: settings could not be saved', error instanceof Error ? error.name : error);
    }
  }

  function update(patch: Partial<AppSettings>): void {
    state.update((current) => {
      const next = { ...current, ...patch };
      save(next);
      return next;
    });
  }

  return {
    subscribe: state.subscribe,
    apiKey: { subscribe: apiKey.subscribe },
    update,
    setServerUrl(server, url) {
      update({ serverUrls: { ...get(state).serverUrls, [server]: url.trim() } });
    },
    setDefaultChoice(server, model) {
      const defaultModels = { ...get(state).defaultModels };
      if (model) defaultModels[server] = model;
      update({ defaultServer: server, defaultModels });
    },
    setApiKey(key, where) {
      // Keep the key in exactly one place: remove it from the others.
      for (const storage of [local, session]) safeRemove(storage, API_KEY_KEY);
      if (key && where !== 'memory') safeWrite(where === 'local' ? local : session, API_KEY_KEY, key);
      apiKey.set(key);
      update({ keyStorage: where });
    },
    target(server) {
      return providerTarget(server, get(state).serverUrls[server], get(apiKey));
    },
  };
}

function safeRead(storage: SyncStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function safeWrite(storage: SyncStorage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch {
    // storage full or blocked: the key stays in memory for this session
  }
}

function safeRemove(storage: SyncStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // nothing to remove
  }
}
