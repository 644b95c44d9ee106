import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/lib/stores/settings-store';

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
