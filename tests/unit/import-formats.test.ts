/**
 * Import of whole trees and of other apps' exports: Brook's version 2 round trip, malformed trees
 * refused (or, for several first messages, kept with a note), Open WebUI's and Hollama's files
 * as their sources write them, and a file of no known kind.
 */
import { solidPng } from '../support/png';
import { describe, expect, it } from 'vitest';
import { toExportJson } from '../../src/lib/persistence/export-conversation';
import { parseImportFile } from '../../src/lib/persistence/import-file';
import { splitReasoning } from '../../src/lib/persistence/import-foreign';
import { currentPath, versionsOf, buildTree } from '../../src/lib/tree/tree';
import type { ConversationRecord, MessageRecord } from '../../src/lib/vocabulary/records';

const PNG = solidPng(3, 2);

const ctx = { now: 5_000_000_000_000, server: 'laptop' };

function read(raw: unknown) {
  const result = parseImportFile(typeof raw === 'string' ? raw : JSON.stringify(raw), ctx);
  if (!result.ok) throw new Error(result.error);
  return result;
}

function refused(raw: unknown): string {
  const result = parseImportFile(JSON.stringify(raw), ctx);
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

const conversation: ConversationRecord = {
  id: 'c1',
  title: 'Fruit',
  createdAt: 1,
  updatedAt: 9,
  server: 'ollama',
  settings: { systemPrompt: '' },
};

function m(
  id: string,
  parentId: string | null,
  role: 'user' | 'assistant',
  createdAt: number,
): MessageRecord {
  return {
    id,
    conversationId: 'c1',
    seq: 0,
    parentId,
    role,
    content: id,
    createdAt,
    updatedAt: createdAt,
    status: 'complete',
  };
}

const shownOf = (messages: MessageRecord[], branch?: ConversationRecord['branch']) =>
  currentPath(buildTree(messages), branch).map((x) => x.content);

describe("Brook's tree file (version 2)", () => {
  const records = [
    m('q1', null, 'user', 1),
    m('a1', 'q1', 'assistant', 2),
    m('a1b', 'q1', 'assistant', 3),
    m('q2', 'a1', 'user', 4),
    m('a2', 'q2', 'assistant', 5),
    m('q1e', null, 'user', 6),
    m('a1e', 'q1e', 'assistant', 7),
  ];

  it('carries every branch and the branch shown through an export and import', () => {
    const json = toExportJson({ ...conversation, branch: { leafId: 'a2', chosenAt: 8 } }, records);
    const [back] = read(json).conversations;
    const messages = back!.messages;
    expect(messages).toHaveLength(7);
    expect(messages.every((x) => x.conversationId === back!.conversation.id)).toBe(true);
    expect(messages.map((x) => x.id)).not.toContain('q1');
    expect(shownOf(messages, back!.conversation.branch)).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect(shownOf(messages)).toEqual(['q1e', 'a1e']);
    const tree = buildTree(messages);
    const a1b = messages.find((x) => x.content === 'a1b')!;
    expect(versionsOf(tree, a1b)).toMatchObject({ index: 2, count: 2 });
    expect(a1b).toMatchObject({ seq: 1, replyTo: messages.find((x) => x.content === 'q1')!.id });
    expect(read(json).notes).toEqual([
      'This conversation starts with 2 first messages: they are kept as versions of the first message.',
    ]);
  });

  const file = (messages: unknown[], extra: Record<string, unknown> = {}) => ({
    format: 'brook.conversation',
    version: 2,
    conversation: { title: 'T', server: 'ollama', settings: { systemPrompt: '' }, ...extra },
    messages,
  });
  const msg = (id: string, parentId: string | null) => ({ id, parentId, role: 'user', content: id });

  it('refuses a cycle, a missing parent, a duplicate id and an unknown branch, naming the problem', () => {
    expect(refused(file([msg('a', 'b'), msg('b', 'a')]))).toMatch(/follow each other in a circle/);
    expect(refused(file([msg('a', null), msg('b', 'elsewhere')]))).toMatch(
      /follows “elsewhere”, which is not in this conversation/,
    );
    expect(refused(file([msg('a', null), msg('a', null)]))).toMatch(/two messages have the id “a”/);
    expect(refused(file([msg('a', null)], { branch: { leafId: 'zz' } }))).toMatch(
      /branch\.leafId names no message/,
    );
    expect(refused(file([msg('a', 'a')]))).toMatch(/circle/);
  });
});

describe('Open WebUI export', () => {
  const owui = [
    {
      id: 'x1',
      user_id: 'u',
      title: 'Cats',
      created_at: 1_718_000_000,
      updated_at: 1_718_000_100,
      pinned: true,
      meta: { tags: ['pets'] },
      folder_id: 'f1',
      chat: {
        title: 'Cats',
        models: ['llama3:8b'],
        system: 'Be kind.',
        timestamp: 1_718_000_000_123,
        history: {
          currentId: 'm3',
          messages: {
            m1: {
              id: 'm1',
              parentId: null,
              childrenIds: ['m2', 'm3'],
              role: 'user',
              content: 'What is this?',
              timestamp: 1_718_000_001,
              files: [
                { type: 'image', url: `data:image/png;base64,${PNG.toString('base64')}`, name: 'cat.png' },
                { type: 'image', url: 'data:image/png;base64,AAAA' },
                { type: 'image', url: '/api/v1/files/9f2/content' },
              ],
            },
            m2: {
              id: 'm2',
              parentId: 'm1',
              childrenIds: [],
              role: 'assistant',
              content: 'A dog.',
              timestamp: 1_718_000_002,
              model: 'llama3:8b',
              done: true,
            },
            m3: {
              id: 'm3',
              parentId: 'm1',
              childrenIds: [],
              role: 'assistant',
              model: 'llama3:8b',
              timestamp: 1_718_000_003,
              done: true,
              content:
                '<details type="reasoning" done="true" duration="2">\n<summary>Thought for 2 seconds</summary>\n&gt; Pointy ears &amp; whiskers.\n&gt; So: cat.\n</details>\nA cat.',
            },
          },
        },
      },
    },
    {
      id: 'x2',
      title: 'Broken',
      chat: {
        history: {
          currentId: 'b',
          messages: { b: { id: 'b', parentId: 'gone', role: 'user', content: 'x' } },
        },
      },
    },
    {
      id: 'x3',
      title: 'Failed',
      chat: {
        history: {
          messages: {
            q: { id: 'q', parentId: null, role: 'user', content: 'Hi' },
            r: {
              id: 'r',
              parentId: 'q',
              role: 'assistant',
              content: '',
              error: { content: 'Ollama: model not found' },
            },
          },
        },
      },
    },
  ];

  it('reads the tree, the branch shown, reasoning, times in seconds, and says what was left out', async () => {
    const result = read(owui);
    expect(result.source).toBe('Open WebUI');
    expect(result.conversations).toHaveLength(2);
    const [cats, failed] = result.conversations;
    expect(cats!.conversation).toMatchObject({
      title: 'Cats',
      server: 'laptop',
      model: 'llama3:8b',
      pinned: true,
      createdAt: 1_718_000_000_000,
      updatedAt: 1_718_000_100_000,
      settings: { systemPrompt: 'Be kind.' },
    });
    const shown = currentPath(buildTree(cats!.messages), cats!.conversation.branch);
    expect(shown.map((x) => x.content)).toEqual(['What is this?', 'A cat.']);
    expect(shown[1]).toMatchObject({
      reasoning: 'Pointy ears & whiskers.\nSo: cat.',
      createdAt: 1_718_000_003_000,
      model: 'llama3:8b',
    });
    expect(versionsOf(buildTree(cats!.messages), shown[1]!)).toMatchObject({ index: 2, count: 2 });
    // The image kept in the file comes over as an attachment with its exact bytes.
    expect(shown[0]!.attachments).toEqual([
      expect.objectContaining({ kind: 'image', name: 'cat.png', mimeType: 'image/png', width: 3, height: 2 }),
    ]);
    expect(cats!.attachments?.map((f) => f.id)).toEqual([shown[0]!.attachments![0]!.id]);
    expect(Buffer.from(await cats!.attachments![0]!.data.arrayBuffer()).equals(PNG)).toBe(true);
    expect(failed!.messages[1]).toMatchObject({
      status: 'failed',
      error: { message: 'Ollama: model not found' },
    });
    expect(result.notes).toEqual([
      'Chat 2 was not imported: “Broken”: message “b” follows “gone”, which is not in this conversation.',
      'Not carried over: images not stored in the file as PNG or JPEG (2).',
      'Not carried over: tags (1).',
      'Not carried over: folders (1).',
    ]);
  });

  it('keeps text that only looks like markup, and other details blocks, as text', () => {
    expect(splitReasoning('<details type="tool_calls">x</details> <b>hi</b>')).toEqual({
      text: '<details type="tool_calls">x</details> <b>hi</b>',
      reasoning: '',
    });
  });
});

describe('Hollama export', () => {
  const sessions = [
    {
      id: 'z7avx9',
      model: { serverId: 's1', name: 'gemma3:4b' },
      updatedAt: '2025-05-20T10:00:00.000Z',
      title: 'Cats',
      options: { temperature: 0.7, num_ctx: 8192, top_p: 0.9, stop: ['###'], mirostat: 1 },
      systemPrompt: { role: 'system', content: 'Short answers.' },
      messages: [
        {
          role: 'user',
          content: "What's this?",
          images: [
            { data: PNG.toString('base64'), filename: 'cat.png' },
            { data: 'iVBOR', filename: 'cut.png' },
          ],
        },
        { role: 'assistant', content: 'A cat.', reasoning: 'Looks feline.' },
      ],
    },
    {
      id: 'old1',
      model: 'llama2',
      context: [1, 2, 3],
      messages: [
        { role: 'system', content: 'Old prompt' },
        { role: 'user', content: 'Hello there\nsecond line' },
        { role: 'ai', content: 'Hi!' },
      ],
    },
  ];

  it('reads sessions of old and new releases, with their settings, and says what was left out', () => {
    const result = read(sessions);
    expect(result.source).toBe('Hollama');
    const [cats, old] = result.conversations;
    expect(cats!.conversation).toMatchObject({
      title: 'Cats',
      model: 'gemma3:4b',
      updatedAt: Date.parse('2025-05-20T10:00:00.000Z'),
      settings: {
        systemPrompt: 'Short answers.',
        temperature: 0.7,
        contextLength: 8192,
        topP: 0.9,
        stop: ['###'],
      },
    });
    expect(cats!.messages.map((x) => [x.role, x.content, x.reasoning])).toEqual([
      ['user', "What's this?", undefined],
      ['assistant', 'A cat.', 'Looks feline.'],
    ]);
    expect(cats!.messages[1]!.parentId).toBe(cats!.messages[0]!.id);
    expect(old!.conversation).toMatchObject({
      title: 'Hello there',
      model: 'llama2',
      settings: { systemPrompt: 'Old prompt' },
    });
    expect(old!.messages.map((x) => x.role)).toEqual(['user', 'assistant']);
    expect(cats!.messages[0]!.attachments).toEqual([
      expect.objectContaining({ name: 'cat.png', mimeType: 'image/png', sizeBytes: PNG.length }),
    ]);
    expect(result.notes).toEqual(['Not carried over: images not stored in the file as PNG or JPEG (1).']);
  });
});

describe('other files', () => {
  it('an unknown file says which formats are accepted; bad JSON too', () => {
    expect(refused({ hello: 'world' })).toMatch(/not one Brook can read.*Open WebUI.*Hollama/);
    expect(refused([1, 2, 3])).toMatch(/Open WebUI chat exports/);
    const bad = parseImportFile('{"not json', ctx);
    expect(!bad.ok && bad.error).toMatch(/not valid JSON.*Hollama/);
  });
});

describe('hostile reasoning markup', () => {
  it('many unclosed reasoning tags in a large message are read in linear time, kept as text', () => {
    const hostile = '<details type="reasoning">'.repeat(100_000);
    const { text, reasoning } = splitReasoning(hostile);
    expect(text).toBe(hostile);
    expect(reasoning).toBe('');
  });
});
