import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/lib/stores/settings-store';
import { defaultSettings } from '../../src/lib/stores/settings-parse';

describe('default conversation settings ("Use for new chats") survive a reload', () => {
  it('keeps the model settings, response format and tools', () => {
    const stored = {
      defaultConversationSettings: {
        systemPrompt: '',
        seed: 3,
        contextLength: 4096,
        stop: ['END'],
        think: false,
        responseFormat: 'json-schema',
        jsonSchema: '{"type":"object"}',
        tools: ['calculate'],
      },
    };
    expect(parseSettings(JSON.stringify(stored)).defaultConversationSettings).toMatchObject(
      stored.defaultConversationSettings,
    );
  });

  it('drops malformed values', () => {
    const stored = {
      defaultConversationSettings: {
        seed: -1,
        contextLength: 'big',
        stop: [1],
        responseFormat: 'xml',
        tools: 'all',
      },
    };
    const d = parseSettings(JSON.stringify(stored)).defaultConversationSettings;
    for (const key of ['seed', 'contextLength', 'stop', 'responseFormat', 'tools'])
      expect(d).not.toHaveProperty(key);
  });
});

describe('a first start', () => {
  it('waits minutes for a first token and for a stalled stream (a large model can load that long)', () => {
    const { defaultConversationSettings } = defaultSettings();
    expect(defaultConversationSettings.firstTokenTimeoutMs).toBe(600_000);
    expect(defaultConversationSettings.idleTimeoutMs).toBe(300_000);
  });
});
