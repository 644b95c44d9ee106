import { describe, expect, it } from 'vitest';
import { exportFileName, toExportJson, toMarkdown } from '../../src/lib/persistence/export-conversation';
import { parseConversationImport } from '../../src/lib/persistence/import-conversation';
import type { ConversationRecord, MessageRecord } from '../../src/lib/vocabulary/records';

const conversation: ConversationRecord = {
  id: 'c1',
  title: 'Rust: borrow checker / lifetimes?',
  createdAt: Date.UTC(2025, 0, 1),
  updatedAt: Date.UTC(2025, 0, 2),
  server: 'ollama',
  model: 'llama3.2',
  settings: { systemPrompt: 'Be brief.', temperature: 0.3 },
};

const messages: MessageRecord[] = [
  {
    id: 'm0',
    conversationId: 'c1',
    seq: 0,
    role: 'user',
    content: 'Why?',
    createdAt: 1,
    updatedAt: 1,
    status: 'complete',
  },
  {
    id: 'm1',
    conversationId: 'c1',
    seq: 1,
    role: 'assistant',
    content: 'Because **ownership**.',
    reasoning: 'Think about it.\nTwice.',
    createdAt: 2,
    updatedAt: 3,
    status: 'complete',
    model: 'llama3.2',
    stats: { completionTokens: 4, tokensPerSecond: 40, timeToFirstTokenMs: 120 },
  },
  {
    id: 'm2',
    conversationId: 'c1',
    seq: 2,
    role: 'assistant',
    content: 'Half an ans',
    createdAt: 4,
    updatedAt: 5,
    status: 'failed',
    error: { kind: 'stream-broken', message: 'The connection dropped.' },
  },
];

describe('Markdown export', () => {
  it('writes a heading per turn, the system prompt, reasoning as a quote and incomplete notes', () => {
    const md = toMarkdown(conversation, messages);
    expect(md.startsWith('# Rust: borrow checker / lifetimes?\n')).toBe(true);
    expect(md).toContain('## System prompt\n\nBe brief.');
    expect(md).toContain('## You\n\nWhy?');
    expect(md).toContain('## Assistant (llama3.2)\n\n> Think about it.\n> Twice.\n\nBecause **ownership**.');
    expect(md).toContain('_(This answer failed before the end: The connection dropped.)_');
  });
});

describe('JSON export', () => {
  it('has the format tag, no conversation ids, and imports back to the same conversation', () => {
    const json = toExportJson(conversation, messages, new Date(Date.UTC(2025, 0, 3)));
    const data = JSON.parse(json);
    expect(data).toMatchObject({
      format: 'brook.conversation',
      version: 3,
      exportedAt: '2025-01-03T00:00:00.000Z',
    });
    expect(json).not.toContain('conversationId');
    expect(json).not.toContain('"c1"');

    const back = parseConversationImport(json, 99);
    if (!back.ok) throw new Error(back.error);
    expect(back.conversation).toMatchObject({
      title: conversation.title,
      server: 'ollama',
      model: 'llama3.2',
      settings: conversation.settings,
    });
    expect(back.conversation.id).not.toBe('c1');
    expect(back.messages.map((m) => [m.role, m.content, m.status, m.seq])).toEqual([
      ['user', 'Why?', 'complete', 0],
      ['assistant', 'Because **ownership**.', 'complete', 1],
      ['assistant', 'Half an ans', 'failed', 2],
    ]);
    expect(back.messages[1]?.reasoning).toBe('Think about it.\nTwice.');
    expect(back.messages[1]?.stats).toEqual(messages[1]?.stats);
    expect(back.messages[2]?.error).toEqual(messages[2]?.error);
    expect(new Set(back.messages.map((m) => m.conversationId))).toEqual(new Set([back.conversation.id]));
  });

  it('exports an answer still streaming as interrupted', () => {
    const streaming = [{ ...messages[1]!, status: 'streaming' as const }];
    const data = JSON.parse(toExportJson(conversation, streaming));
    expect(data.messages[0].status).toBe('interrupted');
  });

  it('makes safe file names from titles', () => {
    expect(exportFileName(conversation, 'md')).toBe('rust-borrow-checker-lifetimes.md');
    expect(exportFileName({ ...conversation, title: '../../etc/passwd' }, 'json')).toBe('etc-passwd.json');
    expect(exportFileName({ ...conversation, title: '???' }, 'json')).toBe('conversation.json');
  });
});
