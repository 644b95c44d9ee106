import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import {
  API_KEY_KEY,
  createSettingsStore,
  parseSettings,
  SETTINGS_KEY,
} from '../../src/lib/stores/settings-store';
import { providerTarget, validateServerUrl } from '../../src/lib/stores/servers';
import { answerStats, formatStats } from '../../src/lib/stores/answer-stats';
import { titleFrom } from '../../src/lib/stores/conversation-factory';
import { MapStorage } from './stores-harness';

describe('settings', () => {
  it('defaults to the local servers and ignores malformed stored values', () => {
    const defaults = parseSettings(null);
    expect(defaults.serverUrls.ollama).toBe('http://127.0.0.1:11434');
    expect(defaults.serverUrls['lmstudio-rest']).toBe('http://127.0.0.1:1234/v1');
    expect(defaults.serverUrls['lmstudio-native']).toBe('ws://127.0.0.1:1234');
    expect(parseSettings('{broken')).toEqual(defaults);
    const odd = parseSettings(
      JSON.stringify({
        serverUrls: { ollama: 42 },
        defaultServer: 'evil',
        theme: 'neon',
        keyStorage: 'cloud',
      }),
    );
    expect(odd).toEqual(defaults);
  });

  it('keeps URLs and choices across a reload (localStorage)', () => {
    const local = new MapStorage();
    const store = createSettingsStore(local, new MapStorage());
    store.setServerUrl('ollama', ' http://127.0.0.1:9999 ');
    store.setDefaultChoice('lmstudio-rest', 'qwen3');
    const again = createSettingsStore(local, new MapStorage());
    expect(get(again).serverUrls.ollama).toBe('http://127.0.0.1:9999');
    expect(get(again).defaultServer).toBe('lmstudio-rest');
    expect(get(again).defaultModels['lmstudio-rest']).toBe('qwen3');
    expect(local.getItem(SETTINGS_KEY)).not.toBeNull();
  });

  it('keeps the API key only where the user chose, never inside the settings blob', () => {
    const local = new MapStorage();
    const session = new MapStorage();
    const store = createSettingsStore(local, session);
    store.setApiKey('sk-secret', 'session');
    expect(session.getItem(API_KEY_KEY)).toBe('sk-secret');
    expect(local.getItem(API_KEY_KEY)).toBeNull();
    expect(local.getItem(SETTINGS_KEY)).not.toContain('sk-secret');

    store.setApiKey('sk-secret', 'memory');
    expect(session.getItem(API_KEY_KEY)).toBeNull();
    expect(get(store.apiKey)).toBe('sk-secret');

    store.setApiKey('sk-local', 'local');
    expect(local.getItem(API_KEY_KEY)).toBe('sk-local');
    expect(createSettingsStore(local, session).target('openai-compatible').config.apiKey).toBe('sk-local');
    // Only the OpenAI-compatible server ever gets the key.
    expect(store.target('ollama').config.apiKey).toBeUndefined();
    expect(store.target('lmstudio-rest').config.apiKey).toBeUndefined();
  });

  it('maps each server to its provider and checks URL schemes', () => {
    expect(providerTarget('openai-compatible', 'http://h/v1', 'k')).toEqual({
      kind: 'openai-compatible',
      config: { baseUrl: 'http://h/v1', apiKey: 'k' },
    });
    expect(validateServerUrl('ollama', 'http://127.0.0.1:11434')).toBeUndefined();
    expect(validateServerUrl('ollama', 'localhost:11434')).toMatch(/http:\/\//);
    expect(validateServerUrl('lmstudio-native', 'http://127.0.0.1:1234')).toMatch(/ws:\/\//);
    expect(validateServerUrl('lmstudio-native', 'ws://127.0.0.1:1234')).toBeUndefined();
  });
});

describe('answer stats and titles', () => {
  it('measures waiting time on the client and prefers the server rate', () => {
    const stats = answerStats(
      { completionTokens: 100, tokensPerSecond: 55 },
      { startedAt: 0, firstTokenAt: 300, endedAt: 2300 },
    );
    expect(stats).toEqual({
      totalMs: 2300,
      timeToFirstTokenMs: 300,
      completionTokens: 100,
      tokensPerSecond: 55,
    });
    const measured = answerStats(
      { completionTokens: 100 },
      { startedAt: 0, firstTokenAt: 300, endedAt: 2300 },
    );
    expect(measured.tokensPerSecond).toBe(50);
    const burst = answerStats({ completionTokens: 100 }, { startedAt: 0, firstTokenAt: 1000, endedAt: 1001 });
    expect(burst.tokensPerSecond).toBeCloseTo(99.9);
    expect(formatStats(stats)).toBe('first token 0.30 s · 55.0 tok/s · 100 tokens · 2.30 s total');
  });

  it('titles a chat from the first line of its first message', () => {
    expect(titleFrom('  Hello there\nsecond line')).toBe('Hello there');
    expect(titleFrom('word '.repeat(30))).toMatch(/^word( word)+…$/);
    expect(titleFrom('   ')).toBe('New chat');
  });
});
