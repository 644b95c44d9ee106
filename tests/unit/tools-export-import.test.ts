import { describe, expect, it } from 'vitest';
import { toExportJson } from '../../src/lib/persistence/export-conversation';
import { parseConversationImport } from '../../src/lib/persistence/import-conversation';
import type { ConversationRecord, MessageRecord } from '../../src/lib/vocabulary/records';

const conversation: ConversationRecord = {
  id: 'c1',
  title: 'Tools',
  createdAt: 1,
  updatedAt: 2,
  server: 'ollama',
  settings: {
    systemPrompt: '',
    seed: 7,
    stop: ['END'],
    contextLength: 8192,
    responseFormat: 'json-schema',
    jsonSchema: '{"type":"object"}',
    tools: ['calculate'],
  },
};

const answer: MessageRecord = {
  id: 'm1',
  conversationId: 'c1',
  seq: 1,
  role: 'assistant',
  content: '{"answer":42}',
  createdAt: 2,
  updatedAt: 3,
  status: 'complete',
  format: 'json',
  toolRounds: [
    {
      text: 'Computing.',
      calls: [
        { id: 'call_0_0', name: 'calculate', arguments: '{"expression":"6*7"}', result: '{"result":42}' },
      ],
    },
  ],
  toolCalls: [{ id: 'call_1_0', name: 'get_current_time', arguments: '{}' }],
};

const question: MessageRecord = {
  id: 'm0',
  conversationId: 'c1',
  seq: 0,
  role: 'user',
  content: '6*7 as JSON?',
  createdAt: 1,
  updatedAt: 1,
  status: 'complete',
};

describe('export and import keep tool rounds and the newer settings', () => {
  it('round-trips them', () => {
    const imported = parseConversationImport(toExportJson(conversation, [question, answer], new Date(0)));
    if (!imported.ok) throw new Error(imported.error);
    expect(imported.conversation.settings).toEqual(conversation.settings);
    const [, back] = imported.messages;
    expect(back?.format).toBe('json');
    expect(back?.toolRounds).toEqual(answer.toolRounds);
    expect(back?.toolCalls).toEqual(answer.toolCalls);
  });

  it('refuses malformed tool data with the field named', () => {
    type File = { messages: Record<string, unknown>[]; conversation: { settings: Record<string, unknown> } };
    const exported = toExportJson(conversation, [question, answer], new Date(0));
    const attempt = (mutate: (file: File) => void): string => {
      const file = JSON.parse(exported) as File;
      mutate(file);
      const result = parseConversationImport(JSON.stringify(file));
      return result.ok ? 'accepted' : result.error;
    };
    expect(attempt(() => undefined)).toBe('accepted');
    expect(attempt((f) => (f.messages[1]!['toolRounds'] = [{ text: 1, calls: [] }]))).toMatch(
      /messages\[1\]\.toolRounds\[0\]\.text must be text/,
    );
    expect(attempt((f) => (f.messages[1]!['toolCalls'] = 'calculate'))).toMatch(/toolCalls must be a list/);
    expect(attempt((f) => (f.conversation.settings['responseFormat'] = 'xml'))).toMatch(
      /responseFormat must be one of/,
    );
    expect(attempt((f) => (f.conversation.settings['stop'] = [1]))).toMatch(/stop\[0\] must be text/);
  });
});
