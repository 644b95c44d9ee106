/**
 * The server registry: any number of servers of any kind, added, edited, reordered and removed;
 * each field checked before anything is saved; one key per server, kept only where the user chose.
 */
import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { validateServer } from '../../src/lib/servers/validate';
import { apiKeyKey } from '../../src/lib/stores/api-keys';
import { createSettingsStore, parseSettings, SETTINGS_KEY } from '../../src/lib/stores/settings-store';
import { MapStorage } from './stores-harness';

function fresh() {
  const local = new MapStorage();
  const session = new MapStorage();
  return { local, session, store: createSettingsStore(local, session) };
}

describe('server registry', () => {
  it('holds any number of servers per kind, in the user’s order, across a reload', () => {
    const { local, session, store } = fresh();
    const laptop = store.addServer({ kind: 'ollama', name: 'GPU box', url: 'http://192.168.1.9:11434/' });
    const llama = store.addServer({
      kind: 'openai-compatible',
      preset: 'llama-cpp',
      name: 'llama.cpp server',
      url: 'http://127.0.0.1:8080/v1',
    });
    expect(laptop.ok && llama.ok).toBe(true);
    store.moveServer(llama.id!, -1);
    store.setDefaultChoice(laptop.id!, 'qwen3:8b');
    const again = createSettingsStore(local, session);
    const servers = get(again).servers;
    expect(servers.map((s) => s.name)).toEqual(['Ollama', 'llama.cpp server', 'GPU box']);
    expect(servers[2]!.url).toBe('http://192.168.1.9:11434'); // trailing slash dropped
    expect(servers[1]!.preset).toBe('llama-cpp');
    expect(get(again).defaultServer).toBe(laptop.id);
    expect(get(again).defaultModels[laptop.id!]).toBe('qwen3:8b');
    expect(again.target(laptop.id!)).toEqual({
      id: laptop.id,
      kind: 'ollama',
      name: 'GPU box',
      baseUrl: 'http://192.168.1.9:11434',
    });
  });

  it('refuses a bad server with a message per field and saves nothing', () => {
    const { local, store } = fresh();
    const saved = local.getItem(SETTINGS_KEY);
    const cases: [Parameters<typeof store.addServer>[0], RegExp][] = [
      [{ kind: 'ollama', name: 'A', url: 'not a url' }, /Enter a full URL/],
      [{ kind: 'ollama', name: 'A', url: 'http:/127.0.0.1:11434' }, /Enter a full URL/],
      [{ kind: 'openai-compatible', name: 'A', url: 'http://127.0.0.1:8080/v1?' }, /no \? or # part/],
      [{ kind: 'ollama', name: 'A', url: 'file:///etc/passwd' }, /starts with http:\/\/ or https:\/\//],
      [{ kind: 'ollama', name: 'A', url: 'ws://127.0.0.1:1234' }, /LM Studio SDK's/],
      [{ kind: 'ollama', name: 'A', url: 'http://127.0.0.1:11434/v1' }, /has no \/v1/],
      [{ kind: 'lmstudio-native', name: 'A', url: 'http://127.0.0.1:1234' }, /takes ws:\/\//],
      [
        { kind: 'openai-compatible', name: 'A', url: 'http://127.0.0.1:8080' },
        /ending in \/v1: try http:\/\/127.0.0.1:8080\/v1/,
      ],
      [{ kind: 'lmstudio-rest', name: 'A', url: 'http://127.0.0.1:1234/v1/v1' }, /\/v1 twice/],
      [
        { kind: 'openai-compatible', name: 'A', url: 'http://me:pw@127.0.0.1:8080/v1' },
        /no user name or password/,
      ],
      [{ kind: 'ollama', name: '  ', url: 'http://127.0.0.1:11434' }, /Give the server a name/],
      [{ kind: 'ollama', name: 'ollama', url: 'http://127.0.0.1:11435' }, /already called “Ollama”/],
      [{ kind: 'ollama', name: 'B', url: 'http://127.0.0.1:11434', apiKey: 'sk-1' }, /takes no API key/],
    ];
    for (const [form, message] of cases) {
      const result = store.addServer(form);
      expect(result.ok, JSON.stringify(form)).toBe(false);
      expect(Object.values(result.ok ? {} : result.errors).join(' ')).toMatch(message);
    }
    expect(get(store).servers).toHaveLength(1);
    expect(local.getItem(SETTINGS_KEY)).toBe(saved);
  });

  it('an edit that does not check out changes nothing; one that does changes only that server', () => {
    const { store } = fresh();
    const other = store.addServer({ kind: 'ollama', name: 'Laptop', url: 'http://127.0.0.1:11435' });
    const refused = store.editServer('ollama', { kind: 'ollama', name: 'Laptop', url: 'http://x:1' });
    expect(refused.ok).toBe(false);
    expect(get(store).servers[0]).toMatchObject({ name: 'Ollama', url: 'http://127.0.0.1:11434' });
    expect(store.editServer('ollama', { kind: 'ollama', name: 'Desk', url: 'http://127.0.0.1:9' }).ok).toBe(
      true,
    );
    expect(get(store).servers.map((s) => [s.name, s.url])).toEqual([
      ['Desk', 'http://127.0.0.1:9'],
      ['Laptop', 'http://127.0.0.1:11435'],
    ]);
    expect(get(store).servers[1]!.id).toBe(other.id);
  });

  it('a removed server is remembered by name, and new chats move to another', () => {
    const { store } = fresh();
    const box = store.addServer({ kind: 'ollama', name: 'GPU box', url: 'http://10.0.0.2:11434' });
    store.setDefaultChoice(box.id!, 'qwen3:8b');
    store.removeServer(box.id!);
    const settings = get(store);
    expect(settings.servers.map((s) => s.id)).toEqual(['ollama']);
    expect(settings.removedServers[box.id!]).toEqual({ name: 'GPU box', kind: 'ollama' });
    expect(settings.defaultServer).toBe('ollama');
    expect(store.target(box.id!)).toBeUndefined();
  });

  it('keeps each key only where the user chose, never in the settings blob, and only for its server', () => {
    const { local, session, store } = fresh();
    const a = store.addServer({
      kind: 'openai-compatible',
      name: 'vLLM',
      preset: 'vllm',
      url: 'http://h:8000/v1',
      apiKey: 'sk-a',
      keyStorage: 'session',
    });
    const b = store.addServer({
      kind: 'openai-compatible',
      name: 'Jan',
      preset: 'jan',
      url: 'http://h:1337/v1',
      apiKey: 'sk-b',
    });
    expect(session.getItem(apiKeyKey(a.id!))).toBe('sk-a');
    expect(local.getItem(apiKeyKey(a.id!))).toBeNull();
    expect(local.getItem(apiKeyKey(b.id!))).toBe('sk-b');
    expect(local.getItem(SETTINGS_KEY)).not.toMatch(/sk-a|sk-b/);
    store.setApiKey(a.id!, 'sk-a', 'memory');
    expect(session.getItem(apiKeyKey(a.id!))).toBeNull();
    expect(store.target(a.id!)?.apiKey).toBe('sk-a');
    expect(createSettingsStore(local, session).target(a.id!)?.apiKey).toBeUndefined(); // memory only
    expect(createSettingsStore(local, session).target(b.id!)?.apiKey).toBe('sk-b');
    expect(store.target('ollama')?.apiKey).toBeUndefined();
    store.removeServer(b.id!);
    expect(local.getItem(apiKeyKey(b.id!))).toBeNull(); // a removed server's key goes with it
  });

  it('ignores malformed stored values, keeping the well-formed ones', () => {
    const parsed = parseSettings(
      JSON.stringify({
        servers: [
          { id: 'a', kind: 'ollama', name: 'A', url: 'http://127.0.0.1:1' },
          { id: 'b', kind: 'evil', name: 'B', url: 'http://127.0.0.1:2' },
          { id: 'a', kind: 'ollama', name: 'A again', url: 'http://127.0.0.1:3' },
          { id: 'c', kind: 'ollama', name: 42, url: 'http://127.0.0.1:4' },
          'nonsense',
        ],
        defaultServer: 'b',
        theme: 'neon',
        defaultModels: { a: 'm', zzz: 'n' },
      }),
    );
    expect(parsed.servers.map((s) => s.id)).toEqual(['a']);
    expect(parsed.defaultServer).toBe('a');
    expect(parsed.defaultModels).toEqual({ a: 'm' });
    expect(parsed.theme).toBe('system');
    expect(parseSettings('{broken')).toEqual(parseSettings(null));
  });

  it('validation alone: a good server passes with its address normalized', () => {
    expect(
      validateServer({ kind: 'lmstudio-rest', name: ' LM  Studio ', url: ' http://127.0.0.1:1234/v1/ ' }, []),
    ).toEqual({
      ok: true,
      name: 'LM Studio',
      url: 'http://127.0.0.1:1234/v1',
    });
  });

  it('two tabs: a change made in one never writes back an older copy over the other’s', () => {
    const local = new MapStorage();
    const session = new MapStorage();
    const tabA = createSettingsStore(local, session);
    const tabB = createSettingsStore(local, session); // open since before A's change
    const gpu = tabA.addServer({ kind: 'ollama', name: 'GPU box', url: 'http://10.0.0.2:11434' });
    tabB.setDefaultChoice('ollama', 'llama3.2:latest');
    const after = createSettingsStore(local, session);
    expect(get(after).servers.map((s) => s.name)).toEqual(['Ollama', 'GPU box']);
    expect(get(after).defaultModels['ollama']).toBe('llama3.2:latest');
    expect(get(tabB).servers.some((s) => s.id === gpu.id)).toBe(true);
    // And a tab told of the other's write (the storage event) has it at once.
    tabA.removeServer(gpu.id!);
    tabB.reload();
    expect(get(tabB).servers.map((s) => s.name)).toEqual(['Ollama']);
  });

  it('a server moved to another host loses its key (it was meant for the old one)', () => {
    const { local, store } = fresh();
    const remote = store.addServer({
      kind: 'openai-compatible',
      name: 'Remote',
      url: 'https://api.example.net/v1',
      apiKey: 'sk-remote',
    });
    const samePlace = store.editServer(remote.id!, {
      kind: 'openai-compatible',
      name: 'Remote box',
      url: 'https://api.example.net/v1',
    });
    expect(samePlace.keyCleared).toBeUndefined();
    expect(store.target(remote.id!)?.apiKey).toBe('sk-remote');
    const moved = store.editServer(remote.id!, {
      kind: 'openai-compatible',
      name: 'Remote box',
      url: 'http://192.168.1.20:8080/v1',
    });
    expect(moved).toMatchObject({ ok: true, keyCleared: true });
    expect(store.target(remote.id!)?.apiKey).toBeUndefined();
    expect(local.getItem(apiKeyKey(remote.id!))).toBeNull();
  });

  it('stored servers are never dropped for a case clash or an empty address', () => {
    const parsed = parseSettings(
      JSON.stringify({
        servers: [
          { id: 'a', kind: 'ollama', name: 'Box', url: 'http://127.0.0.1:1' },
          { id: 'b', kind: 'ollama', name: 'box', url: 'http://127.0.0.1:2' },
          { id: 'c', kind: 'lmstudio-rest', name: 'Studio', url: '/' },
        ],
      }),
    );
    expect(parsed.servers.map((s) => [s.id, s.name, s.url])).toEqual([
      ['a', 'Box', 'http://127.0.0.1:1'],
      ['b', 'box 2', 'http://127.0.0.1:2'],
      ['c', 'Studio', 'http://127.0.0.1:1234/v1'],
    ]);
  });
});
