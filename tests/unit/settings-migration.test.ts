/**
 * Four server slots → the server registry. The old settings and key are written by the previous
 * release's own settings store (fixtures/settings-v1-store.ts) and its conversations by the
 * current IndexedDB repository, then this release starts on them: every URL, choice and key comes
 * over, each conversation talks to its own server with its own model, and the old data stays as it
 * was until the new is complete. A migration cut short at any step is finished by the next start.
 */
import 'fake-indexeddb/auto';
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { createIdbRepo } from '../../src/lib/persistence/idb-repo';
import type { ConversationRecord } from '../../src/lib/vocabulary/records';
import { createBrook } from '../../src/lib/stores/brook';
import { apiKeyKey } from '../../src/lib/stores/api-keys';
import {
  LEGACY_API_KEY_KEY,
  LEGACY_SETTINGS_KEY,
  loadSettings,
} from '../../src/lib/stores/settings-migration';
import { createSettingsStore, SETTINGS_KEY } from '../../src/lib/stores/settings-store';
import type { ChatTransport } from '../../src/lib/stores/transport';
import { createSettingsStore as createPreviousSettingsStore } from './fixtures/settings-v1-store';
import { MapStorage } from './stores-harness';

const KEY = 'sk-previous-release-7c1e';
let count = 0;

/** What a user of the previous release had set: every slot's URL, a default, a key, conversation defaults. */
function writtenByPreviousRelease(keyWhere: 'local' | 'session' = 'session') {
  const local = new MapStorage();
  const session = new MapStorage();
  const old = createPreviousSettingsStore(local, session);
  old.setServerUrl('ollama', 'http://192.168.1.20:11434');
  old.setServerUrl('lmstudio-rest', 'http://127.0.0.1:4321/v1');
  old.setServerUrl('lmstudio-native', 'ws://127.0.0.1:4321');
  // The old form checked only the scheme: an address today's form would refuse is kept as it was.
  old.setServerUrl('openai-compatible', 'http://127.0.0.1:8080');
  old.setDefaultChoice('ollama', 'llama3.2:latest');
  old.setDefaultChoice('openai-compatible', 'qwen3-8b');
  old.setDefaultChoice('lmstudio-rest', 'gemma-3-4b');
  old.setApiKey(KEY, keyWhere);
  old.update({ theme: 'dark', defaultConversationSettings: { systemPrompt: 'Be brief.', temperature: 0.2 } });
  return { local, session };
}

function conversation(id: string, server: string, model: string): ConversationRecord {
  return {
    id,
    title: `On ${server}`,
    createdAt: 1,
    updatedAt: 2,
    server,
    model,
    settings: { systemPrompt: '' },
  };
}

const noTransport: ChatTransport = {
  send: () => ({ requestId: 'x', cancel: () => undefined }),
  listModels: () => new Promise(() => undefined),
  discover: async () => [],
  modelOperation: () => new Promise(() => undefined),
};

function snapshot(storage: MapStorage): Record<string, string> {
  return Object.fromEntries(storage.map);
}

/** localStorage that refuses some writes, as a full or blocked one does. */
class RefusingStorage extends MapStorage {
  constructor(
    from: MapStorage,
    private readonly refuses: (key: string) => boolean,
  ) {
    super();
    for (const [k, v] of from.map) this.map.set(k, v);
  }
  override setItem(key: string, value: string): void {
    if (this.refuses(key)) throw new DOMException('quota', 'QuotaExceededError');
    super.setItem(key, value);
  }
}

describe('settings migration: four slots → the server registry', () => {
  it('brings every slot, URL, choice and key over; each stored conversation keeps its server and model', async () => {
    const { local, session } = writtenByPreviousRelease();
    const oldSettings = local.getItem(LEGACY_SETTINGS_KEY);
    const name = `brook-settings-migration-${++count}`;
    const oldRepo = await createIdbRepo(name);
    const chats = [
      conversation('c1', 'ollama', 'llama3.2:latest'),
      conversation('c2', 'lmstudio-rest', 'gemma-3-4b'),
      conversation('c3', 'lmstudio-native', 'qwen2.5-7b-instruct'),
      conversation('c4', 'openai-compatible', 'qwen3-8b'),
    ];
    for (const chat of chats) await oldRepo.createConversation(chat);

    const brook = createBrook({
      transport: noTransport,
      repo: await createIdbRepo(name),
      local,
      session,
      pageOrigin: 'http://127.0.0.1:5173',
    });
    await brook.init();
    const settings = get(brook.settings);
    expect(settings.servers.map((s) => [s.id, s.kind, s.url])).toEqual([
      ['ollama', 'ollama', 'http://192.168.1.20:11434'],
      ['lmstudio-rest', 'lmstudio-rest', 'http://127.0.0.1:4321/v1'],
      ['lmstudio-native', 'lmstudio-native', 'ws://127.0.0.1:4321'],
      ['openai-compatible', 'openai-compatible', 'http://127.0.0.1:8080'],
    ]);
    expect(new Set(settings.servers.map((s) => s.name)).size).toBe(4);
    expect(settings.defaultServer).toBe('lmstudio-rest');
    expect(settings.defaultModels).toEqual({
      ollama: 'llama3.2:latest',
      'openai-compatible': 'qwen3-8b',
      'lmstudio-rest': 'gemma-3-4b',
    });
    expect(settings.theme).toBe('dark');
    expect(settings.defaultConversationSettings).toMatchObject({
      systemPrompt: 'Be brief.',
      temperature: 0.2,
    });

    // The key stays where the user chose (this tab), now under its server, and only there.
    expect(brook.settings.target('openai-compatible')?.apiKey).toBe(KEY);
    expect(session.getItem(apiKeyKey('openai-compatible'))).toBe(KEY);
    expect(local.getItem(apiKeyKey('openai-compatible'))).toBeNull();
    expect(session.getItem(LEGACY_API_KEY_KEY)).toBeNull();
    expect(local.getItem(SETTINGS_KEY)).not.toContain(KEY);
    for (const id of ['ollama', 'lmstudio-rest', 'lmstudio-native'])
      expect(brook.settings.target(id)?.apiKey).toBeUndefined();

    // Each conversation finds its own server, at the address it had, with its model.
    for (const chat of chats) {
      await brook.conversations.select(chat.id);
      const active = get(brook.conversations).active;
      const target = brook.settings.target(active.server);
      expect(target?.kind).toBe(chat.server);
      expect(target?.baseUrl).toBe(settings.servers.find((s) => s.id === chat.server)?.url);
      expect(active.model).toBe(chat.model);
    }
    // The previous release's settings are left exactly as they were (a downgrade still reads them).
    expect(local.getItem(LEGACY_SETTINGS_KEY)).toBe(oldSettings);
  });

  it('storage that refuses the new settings leaves the old untouched; the next start completes it', () => {
    const { local, session } = writtenByPreviousRelease('local');
    const before = snapshot(local);
    const refusing = new RefusingStorage(local, (key) => key === SETTINGS_KEY);
    const first = createSettingsStore(refusing, session);
    // This start runs on the migrated settings, in memory.
    expect(get(first).servers).toHaveLength(4);
    expect(first.target('openai-compatible')?.apiKey).toBe(KEY);
    // Nothing of the old is gone: its settings and key are where they were.
    expect(refusing.getItem(LEGACY_SETTINGS_KEY)).toBe(before[LEGACY_SETTINGS_KEY]);
    expect(refusing.getItem(LEGACY_API_KEY_KEY)).toBe(KEY);
    expect(refusing.getItem(SETTINGS_KEY)).toBeNull();

    const healthy = new MapStorage();
    for (const [k, v] of refusing.map) healthy.map.set(k, v);
    const second = createSettingsStore(healthy, session);
    expect(get(second).servers.map((s) => s.url)).toEqual(get(first).servers.map((s) => s.url));
    expect(second.target('openai-compatible')?.apiKey).toBe(KEY);
    expect(healthy.getItem(SETTINGS_KEY)).not.toBeNull();
    expect(healthy.getItem(LEGACY_API_KEY_KEY)).toBeNull();
  });

  it('cut short after each step, the next start finishes it with nothing lost', () => {
    const { local, session } = writtenByPreviousRelease('local');
    const complete = snapshot(local);

    // (1) Cut after the key was copied, before the new settings were written.
    const afterCopy = new MapStorage();
    for (const [k, v] of Object.entries(complete)) afterCopy.map.set(k, v);
    afterCopy.setItem(apiKeyKey('openai-compatible'), KEY);
    const resumed = createSettingsStore(afterCopy, session);
    expect(get(resumed).servers).toHaveLength(4);
    expect(resumed.target('openai-compatible')?.apiKey).toBe(KEY);
    expect(afterCopy.getItem(LEGACY_API_KEY_KEY)).toBeNull();

    // (2) Cut after the new settings were written, before the old key was removed.
    const afterCommit = new MapStorage();
    for (const [k, v] of Object.entries(complete)) afterCommit.map.set(k, v);
    const refusingRemoval = new RefusingStorage(afterCommit, () => false);
    refusingRemoval.removeItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    createSettingsStore(refusingRemoval, session);
    expect(refusingRemoval.getItem(SETTINGS_KEY)).not.toBeNull();
    expect(refusingRemoval.getItem(LEGACY_API_KEY_KEY)).toBe(KEY); // could not be removed yet
    const next = new MapStorage();
    for (const [k, v] of refusingRemoval.map) next.map.set(k, v);
    const finished = createSettingsStore(next, session);
    expect(finished.target('openai-compatible')?.apiKey).toBe(KEY);
    expect(next.getItem(LEGACY_API_KEY_KEY)).toBeNull();
    expect(next.getItem(apiKeyKey('openai-compatible'))).toBe(KEY);
  });

  it('runs once: later starts read the registry and ignore the old settings', () => {
    const { local, session } = writtenByPreviousRelease();
    const store = createSettingsStore(local, session);
    store.removeServer('lmstudio-native');
    const again = loadSettings(local, session);
    expect(again.servers.map((s) => s.id)).toEqual(['ollama', 'lmstudio-rest', 'openai-compatible']);
    expect(again.removedServers['lmstudio-native']?.kind).toBe('lmstudio-native');
  });

  it('a first start with nothing stored gets Ollama at its default address, and searches for others', () => {
    const settings = loadSettings(new MapStorage(), new MapStorage());
    expect(settings.servers).toEqual([
      { id: 'ollama', kind: 'ollama', name: 'Ollama', url: 'http://127.0.0.1:11434' },
    ]);
    expect(settings.discoveryDone).toBe(false);
  });
});
