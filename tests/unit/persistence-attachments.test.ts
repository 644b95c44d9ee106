/**
 * Attachments in storage (schema 4). The migration starts from a database written by schema 3's
 * own repository code (fixtures/schema-3-idb-repo.ts): every record stays byte for byte, the
 * attachments store appears, and an upgrade that dies half-way leaves schema 3 untouched for
 * the next start to complete. Then the store's rules: files land with their question in one
 * transaction (never into a deleted conversation), versions share them, and deleting frees them.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { createIdbRepo, DB_VERSION, type BrookDB } from '../../src/lib/persistence/idb-repo';
import { createMemoryRepo } from '../../src/lib/persistence/memory-repo';
import type { ConversationRepo } from '../../src/lib/persistence/repo';
import type { AttachmentRecord, AttachmentRef } from '../../src/lib/vocabulary/attachments';
import type { ConversationRecord, MessageRecord } from '../../src/lib/vocabulary/records';
import { createIdbRepo as createSchema3Repo } from './fixtures/schema-3-idb-repo';

let count = 0;

function conversation(id: string): ConversationRecord {
  return {
    id,
    title: `Chat ${id} ✓`,
    createdAt: 1,
    updatedAt: 2,
    server: 'ollama',
    model: 'llava:7b',
    settings: { systemPrompt: '', temperature: 0.5 },
  };
}

function message(id: string, conversationId: string, extra: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id,
    conversationId,
    seq: 0,
    role: 'user',
    parentId: null,
    content: `question ${id} 😀`,
    createdAt: 10,
    updatedAt: 10,
    status: 'complete',
    ...extra,
  };
}

const ref = (id: string, kind: AttachmentRef['kind'] = 'image'): AttachmentRef => ({
  id,
  kind,
  name: `${id}.png`,
  mimeType: 'image/png',
  sizeBytes: 3,
});

const file = (id: string, conversationId: string, bytes = [1, 2, 3]): AttachmentRecord => ({
  id,
  conversationId,
  data: new Blob([new Uint8Array(bytes)], { type: 'image/png' }),
});

async function bytes(record: AttachmentRecord | undefined): Promise<number[]> {
  return record ? [...new Uint8Array(await record.data.arrayBuffer())] : [];
}

async function dump(name: string) {
  const db = await openDB<BrookDB>(name);
  const out = {
    version: db.version,
    stores: [...db.objectStoreNames].sort(),
    conversations: await db.getAll('conversations'),
    messages: await db.getAll('messages'),
    tombstones: await db.getAll('tombstones'),
  };
  db.close();
  return out;
}

async function writtenBySchema3(name: string) {
  const old = await createSchema3Repo(name);
  await old.putConversationWithMessages(conversation('a'), [
    message('a0', 'a'),
    message('a1', 'a', { seq: 1, role: 'assistant', parentId: 'a0', replyTo: 'a0', content: 'Blue' }),
  ]);
  await old.createConversation(conversation('b'));
  await old.putMessage(message('b0', 'b', { content: 'stopped one', status: 'stopped' }));
  await old.createConversation(conversation('gone'));
  await old.deleteConversation('gone');
}

describe('migration from schema 3 to attachments (schema 4)', () => {
  it('keeps every record byte for byte and adds an empty attachments store', async () => {
    const name = `brook-files-${++count}`;
    await writtenBySchema3(name);
    const before = await dump(name);
    expect(before.version).toBe(3);
    expect(before.stores).not.toContain('attachments');

    const repo = await createIdbRepo(name);
    const after = await dump(name);
    expect(after.version).toBe(DB_VERSION);
    expect(after.stores).toEqual(['attachments', 'conversations', 'messages', 'tombstones']);
    expect({ ...after, version: 3, stores: before.stores }).toEqual(before);
    expect(await repo.listAttachments('a')).toEqual([]);
    // The tombstone still guards: nothing can be written into the deleted conversation.
    expect(await repo.putMessage(message('x', 'gone'), [file('f', 'gone')])).toBe('conversation-gone');
    expect(await repo.listAttachments('gone')).toEqual([]);
  });

  it('an upgrade that dies half-way leaves schema 3 untouched; the next start completes it', async () => {
    const name = `brook-files-${++count}`;
    await writtenBySchema3(name);
    const snapshot = await dump(name);
    const realCreate = IDBDatabase.prototype.createObjectStore;
    let tries = 0;
    IDBDatabase.prototype.createObjectStore = function (
      this: IDBDatabase,
      ...args: Parameters<IDBDatabase['createObjectStore']>
    ) {
      const store = realCreate.apply(this, args);
      // The step fails right after the new store is made, inside the versionchange transaction
      // (as a page that dies there would): the whole upgrade must roll back.
      if (args[0] === 'attachments' && ++tries === 1) throw new DOMException('the page died', 'AbortError');
      return store;
    };
    try {
      await expect(createIdbRepo(name)).rejects.toThrow();
    } finally {
      IDBDatabase.prototype.createObjectStore = realCreate;
    }
    expect(tries).toBe(1);
    expect(await dump(name)).toEqual(snapshot);

    const repo = await createIdbRepo(name);
    expect((await dump(name)).stores).toContain('attachments');
    expect(await repo.listMessages('a')).toEqual(snapshot.messages.filter((m) => m.conversationId === 'a'));
  });
});

describe.each([
  ['IndexedDB', () => createIdbRepo(`brook-files-${++count}`)],
  ['memory', async () => createMemoryRepo()],
] as const)('attachments in the %s repository', (_kind, open: () => Promise<ConversationRepo>) => {
  it('stores files with their question, keeps the bytes, and never into a deleted conversation', async () => {
    const repo = await open();
    await repo.createConversation(conversation('c'));
    const question = message('q', 'c', { attachments: [ref('f1'), ref('f2')] });
    expect(await repo.putMessage(question, [file('f1', 'c', [9, 8]), file('f2', 'c', [7])])).toBe('saved');
    const stored = await repo.listAttachments('c');
    expect(stored.map((f) => f.id).sort()).toEqual(['f1', 'f2']);
    expect(await bytes(stored.find((f) => f.id === 'f1'))).toEqual([9, 8]);
    expect((await repo.listMessages('c'))[0]?.attachments).toEqual([ref('f1'), ref('f2')]);
    expect(await bytes(await repo.getAttachment('f2'))).toEqual([7]);

    await repo.deleteConversation('c');
    expect(await repo.listAttachments('c')).toEqual([]);
    expect(await repo.getAttachment('f1')).toBeUndefined();
    expect(await repo.putMessage(message('late', 'c'), [file('f3', 'c')])).toBe('conversation-gone');
    expect(await repo.listAttachments('c')).toEqual([]);
  });

  it('frees a file when the last message referring to it is deleted (versions share files)', async () => {
    const repo = await open();
    await repo.createConversation(conversation('c'));
    await repo.putMessage(message('q1', 'c', { attachments: [ref('shared'), ref('own')] }), [
      file('shared', 'c'),
      file('own', 'c'),
    ]);
    // An edited copy of the question keeps the shared file, not the other.
    await repo.putMessage(message('q2', 'c', { attachments: [ref('shared')], createdAt: 11 }));
    // Each delete says which files it freed (what Undo puts back), with their bytes.
    const freed = await repo.deleteMessages(['q1']);
    expect(freed.map((f) => f.id)).toEqual(['own']);
    expect(await bytes(freed[0])).toEqual([1, 2, 3]);
    expect((await repo.listAttachments('c')).map((f) => f.id)).toEqual(['shared']);
    expect((await repo.deleteMessages(['q2'])).map((f) => f.id)).toEqual(['shared']);
    expect(await repo.listAttachments('c')).toEqual([]);
  });

  it('writes an imported conversation with its files all or nothing', async () => {
    const repo = await open();
    const c = conversation('imp');
    const m = message('m', 'imp', { attachments: [ref('fi')] });
    expect(await repo.putConversationWithMessages(c, [m], [file('fi', 'imp', [5])])).toBe('saved');
    expect(await bytes((await repo.listAttachments('imp'))[0])).toEqual([5]);
    // Under the id of a deleted conversation nothing lands: not the conversation, not its files.
    await repo.deleteConversation('imp');
    expect(await repo.putConversationWithMessages(c, [m], [file('fi2', 'imp')])).toBe('conversation-gone');
    expect(await repo.listAttachments('imp')).toEqual([]);
    expect(await repo.getAttachment('fi2')).toBeUndefined();
  });
});
