import { get, writable, type Readable } from 'svelte/store';
import type { SyncStorage } from '../persistence/recovery';
import { newId } from '../persistence/ids';
import { KINDS } from '../servers/kinds';
import type { PresetId } from '../servers/presets';
import {
  serverTarget,
  type KeyStorage,
  type ServerConfig,
  type ServerId,
  type ServerTarget,
} from '../servers/server';
import { validateServer, type ServerCheck, type ServerDraft } from '../servers/validate';
import { apiKeyKey, readStored, removeStored, writeStored } from './api-keys';
import { loadSettings } from './settings-migration';
import { parseSettings, SETTINGS_KEY, type AppSettings } from './settings-parse';

export * from './settings-parse';

/** A server as the add or edit form sends it. */
export interface ServerForm extends ServerDraft {
  preset?: PresetId;
  keyStorage?: KeyStorage;
}

/** `keyCleared`: the server moved to another origin, so its key (meant for the old one) was dropped. */
export type ServerSaved = ServerCheck & { id?: ServerId; keyCleared?: boolean };

export interface SettingsStore extends Readable<AppSettings> {
  /** Each server's API key ('' or absent when none). Never logged. */
  readonly apiKeys: Readable<Record<ServerId, string>>;
  update(patch: Partial<Pick<AppSettings, 'theme' | 'defaultConversationSettings'>>): void;
  /** Adds a server once every field checks out; nothing is saved otherwise. */
  addServer(form: ServerForm): ServerSaved;
  /** Changes a server once every field checks out; nothing is saved otherwise. */
  editServer(id: ServerId, form: ServerForm): ServerSaved;
  /** Takes a server out; its conversations keep their text and its name (see `removedServers`). */
  removeServer(id: ServerId): void;
  /** Moves a server up (-1) or down (+1) in the list. */
  moveServer(id: ServerId, by: -1 | 1): void;
  setDefaultChoice(server: ServerId, model: string | undefined): void;
  setApiKey(server: ServerId, key: string, where: KeyStorage): void;
  markDiscoveryDone(): void;
  /** Another tab saved settings: take them (wire to the window's `storage` event). */
  reload(): void;
  server(id: ServerId): ServerConfig | undefined;
  /** Where to reach a server with the current settings; undefined once it is removed. */
  target(id: ServerId): ServerTarget | undefined;
}

export function createSettingsStore(local: SyncStorage, session: SyncStorage): SettingsStore {
  const state = writable(loadSettings(local, session));
  const apiKeys = writable(readKeys(get(state).servers));

  function storageFor(where: KeyStorage | undefined): SyncStorage | undefined {
    return where === 'memory' ? undefined : where === 'session' ? session : local;
  }

  function readKeys(servers: ServerConfig[]): Record<ServerId, string> {
    const keys: Record<ServerId, string> = {};
    for (const server of servers) {
      if (!KINDS[server.kind].acceptsApiKey) continue;
      const storage = storageFor(server.keyStorage ?? 'local');
      const key = storage ? readStored(storage, apiKeyKey(server.id)) : null;
      if (key) keys[server.id] = key;
    }
    return keys;
  }

  let written = readStored(local, SETTINGS_KEY);

  /** Keys as stored now; a key kept in memory only (this page) stays as it is. */
  function rereadKeys(servers: ServerConfig[]): void {
    const stored = readKeys(servers);
    const memory = get(apiKeys);
    for (const server of servers)
      if (server.keyStorage === 'memory' && memory[server.id]) stored[server.id] = memory[server.id]!;
    apiKeys.set(stored);
  }

  /**
   * The settings to change: what is stored now, when another tab saved since (so a change made
   * here never writes back an older copy over a server that tab added).
   */
  function fresh(): AppSettings {
    const stored = readStored(local, SETTINGS_KEY);
    if (stored !== null && stored !== written) {
      written = stored;
      const next = parseSettings(stored);
      state.set(next);
      rereadKeys(next.servers);
    }
    return get(state);
  }

  function commit(next: AppSettings): void {
    const raw = JSON.stringify(next);
    if (writeStored(local, SETTINGS_KEY, raw)) written = raw;
    else console.warn('Brook: settings could not be saved (storage full or blocked)');
    state.set(next);
  }

  function storeKey(server: ServerId, key: string, where: KeyStorage): void {
    // Keep the key in exactly one place: remove it from the others.
    for (const storage of [local, session]) removeStored(storage, apiKeyKey(server));
    const storage = storageFor(where);
    if (key && storage) writeStored(storage, apiKeyKey(server), key);
    apiKeys.update((all) => {
      const next = { ...all };
      if (key) next[server] = key;
      else delete next[server];
      return next;
    });
  }

  function configOf(form: ServerForm, id: ServerId, name: string, url: string): ServerConfig {
    const keyed = KINDS[form.kind].acceptsApiKey;
    return {
      id,
      kind: form.kind,
      name,
      url,
      ...(form.kind === 'openai-compatible' && form.preset ? { preset: form.preset } : {}),
      ...(keyed ? { keyStorage: form.keyStorage ?? 'local' } : {}),
    };
  }

  return {
    subscribe: state.subscribe,
    apiKeys: { subscribe: apiKeys.subscribe },
    update(patch) {
      commit({ ...fresh(), ...patch });
    },
    addServer(form) {
      const current = fresh();
      const check = validateServer(form, current.servers);
      if (!check.ok) return check;
      const id = newId();
      const server = configOf(form, id, check.name, check.url);
      commit({
        ...current,
        servers: [...current.servers, server],
        defaultServer: current.defaultServer ?? id,
      });
      if (server.keyStorage) storeKey(id, form.apiKey?.trim() ?? '', server.keyStorage);
      return { ...check, id };
    },
    editServer(id, form) {
      const current = fresh();
      const old = current.servers.find((s) => s.id === id);
      if (!old) return { ok: false, errors: { name: 'This server was removed.' } };
      const check = validateServer({ ...form, id }, current.servers);
      if (!check.ok) return check;
      const server = configOf({ ...form, kind: old.kind }, id, check.name, check.url);
      commit({ ...current, servers: current.servers.map((s) => (s.id === id ? server : s)) });
      // A key is meant for the server it was given to: one that moves to another origin loses it.
      const moved = originOf(old.url) !== originOf(server.url);
      const keyCleared = moved && Boolean(get(apiKeys)[id]) && form.apiKey === undefined;
      if (keyCleared) storeKey(id, '', 'memory');
      else if (server.keyStorage && form.apiKey !== undefined)
        storeKey(id, form.apiKey.trim(), server.keyStorage);
      return { ...check, id, ...(keyCleared ? { keyCleared } : {}) };
    },
    removeServer(id) {
      const current = fresh();
      const gone = current.servers.find((s) => s.id === id);
      if (!gone) return;
      const servers = current.servers.filter((s) => s.id !== id);
      const defaultModels = { ...current.defaultModels };
      delete defaultModels[id];
      commit({
        ...current,
        servers,
        removedServers: { ...current.removedServers, [id]: { name: gone.name, kind: gone.kind } },
        defaultServer: current.defaultServer === id ? servers[0]?.id : current.defaultServer,
        defaultModels,
      });
      storeKey(id, '', 'memory');
    },
    moveServer(id, by) {
      const current = fresh();
      const from = current.servers.findIndex((s) => s.id === id);
      const to = from + by;
      if (from < 0 || to < 0 || to >= current.servers.length) return;
      const servers = [...current.servers];
      const [moved] = servers.splice(from, 1);
      if (moved) servers.splice(to, 0, moved);
      commit({ ...current, servers });
    },
    setDefaultChoice(server, model) {
      const current = fresh();
      if (!current.servers.some((s) => s.id === server)) return;
      const defaultModels = { ...current.defaultModels };
      if (model) defaultModels[server] = model;
      commit({ ...current, defaultServer: server, defaultModels });
    },
    setApiKey(server, key, where) {
      const current = fresh();
      const config = current.servers.find((s) => s.id === server);
      if (!config || !KINDS[config.kind].acceptsApiKey) return;
      storeKey(server, key, where);
      if (config.keyStorage !== where) {
        commit({
          ...current,
          servers: current.servers.map((s) => (s.id === server ? { ...s, keyStorage: where } : s)),
        });
      }
    },
    markDiscoveryDone() {
      const current = fresh();
      if (!current.discoveryDone) commit({ ...current, discoveryDone: true });
    },
    reload() {
      fresh();
      rereadKeys(get(state).servers);
    },
    server(id) {
      return get(state).servers.find((s) => s.id === id);
    },
    target(id) {
      const server = get(state).servers.find((s) => s.id === id);
      return server && serverTarget(server, get(apiKeys)[id]);
    },
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
