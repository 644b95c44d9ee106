/**
 * Schema 2 → 3 (the conversation tree). The database is written by schema 2's own repository
 * code (fixtures/schema-2-idb-repo.ts) with what that release stored: regenerated answers kept
 * as earlier attempts, a regenerate that failed before any text, a stopped and an interrupted
 * answer. After the upgrade each conversation shows exactly what it showed before, the earlier
 * attempts are versions beside it, and every other field is as it was. An upgrade that dies
 * half-way leaves schema 2 untouched and the next start completes it.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { createIdbRepo, DB_VERSION, type BrookDB } from '../../src/lib/persistence/idb-repo';
import type { ConversationRecord, MessageRecord } from '../../src/lib/vocabulary/records';
import { currentPath, versionsOf } from '../../src/lib/tree/tree';
import { storedTree } from '../../src/lib/tree/stored-tree';
import { createIdbRepo as createSchema2Repo } from './fixtures/schema-2-idb-repo';

let count = 0;

function conversation(id: string, updatedAt: number): ConversationRecord {
  return {
    id,
    title: `Chat ${id}`,
    createdAt: 1,
    updatedAt,
    server: 'ollama',
    model: 'qwen3:8b',
    settings: { systemPrompt: '', temperature: 0.7 },
  };
}

function message(
  id: string,
  conversationId: string,
  seq: number,
  createdAt: number,
  extra: Partial<MessageRecord> = {},
) {
  return {
    id,
    conversationId,
    seq,
    role: seq % 2 ? 'assistant' : 'user',
    content: `text ${id} ✓ 😀 \u202e`,
    createdAt,
    updatedAt: createdAt,
    status: 'complete',
    ...extra,
  } as MessageRecord;
}

/** What schema 2 stored for three chats (answers carry `replyTo`, Regenerate `replaces`). */
async function writtenBySchema2(name: string) {
  const old = await createSchema2Repo(name);
  const a = [
    message('a0', 'a', 0, 10),
    message('a1', 'a', 1, 11, { replyTo: 'a0', content: 'Blue' }),
    // Regenerated: the newer attempt with text was shown, the first kept as an earlier version.
    message('a1b', 'a', 1, 12, { replyTo: 'a0', replaces: 'a1', content: 'Green', reasoning: 'hmm' }),
    message('a2', 'a', 2, 13),
    message('a3', 'a', 3, 14, { replyTo: 'a2', status: 'stopped', finishReason: 'cancelled' }),
  ];
  const b = [
    message('b0', 'b', 0, 20),
    message('b1', 'b', 1, 21, { replyTo: 'b0', content: 'Kept' }),
    // A regenerate that failed before any text: shown after the kept answer as a note.
    message('b1x', 'b', 1, 22, {
      replyTo: 'b0',
      replaces: 'b1',
      content: '',
      status: 'failed',
      error: { kind: 'connection', message: 'Cannot reach Ollama.' },
    }),
  ];
  const c = [
    message('c0', 'c', 0, 30),
    message('c1', 'c', 1, 31, { replyTo: 'c0', status: 'streaming', content: 'cut' }),
  ];
  await old.putConversationWithMessages(conversation('a', 3), a);
  await old.putConversationWithMessages(conversation('b', 2), b);
  await old.putConversationWithMessages(conversation('c', 1), c);
  return { a, b, c };
}

async function dump(name: string) {
  const db = await openDB<BrookDB>(name);
  const out = {
    version: db.version,
    conversations: await db.getAll('conversations'),
    messages: await db.getAll('messages'),
  };
  db.close();
  return out;
}

const withoutParent = ({ parentId: _parent, ...rest }: MessageRecord) => rest;

describe('migration from schema 2 (flat conversations) to the tree', () => {
  it('each conversation shows what it showed; earlier attempts become versions; nothing else changes', async () => {
    const name = `brook-tree-${++count}`;
    const before = await writtenBySchema2(name);
    const repo = await createIdbRepo(name);
    const conversations = await repo.listConversations();

    const shown = async (id: string) => {
      const tree = storedTree(await repo.listMessages(id));
      const branch = conversations.find((c) => c.id === id)?.branch;
      return { tree, path: currentPath(tree, branch) };
    };

    const a = await shown('a');
    expect(a.path.map((m) => m.id)).toEqual(['a0', 'a1b', 'a2', 'a3']);
    expect(versionsOf(a.tree, a.tree.byId.get('a1b')!)).toEqual({ index: 2, count: 2, previous: 'a1' });
    const b = await shown('b');
    expect(b.path.map((m) => m.id)).toEqual(['b0', 'b1']);
    expect(versionsOf(b.tree, b.tree.byId.get('b1')!)).toEqual({ index: 1, count: 2, next: 'b1x' });
    const c = await shown('c');
    expect(c.path.map((m) => m.id)).toEqual(['c0', 'c1']);

    // Only the parents are new; each record is otherwise byte for byte what schema 2 wrote.
    const stored = (await dump(name)).messages;
    const all = [...before.a, ...before.b, ...before.c];
    expect(stored.map(withoutParent).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      all.sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect(Object.fromEntries(stored.map((m) => [m.id, m.parentId]))).toEqual({
      a0: null,
      a1: 'a0',
      a1b: 'a0',
      a2: 'a1b',
      a3: 'a2',
      b0: null,
      b1: 'b0',
      b1x: 'b0',
      c0: null,
      c1: 'c0',
    });
    // Only b needed a branch choice (its newest message is not the one it showed last).
    expect(conversations.find((x) => x.id === 'a')).toEqual(conversation('a', 3));
    expect(conversations.find((x) => x.id === 'b')?.branch).toEqual({ leafId: 'b1', chosenAt: 22 });

    // A new question in b follows the kept answer and becomes the branch shown.
    const q = message('b2', 'b', 2, 40, { parentId: 'b1' });
    expect(await repo.putMessage(q)).toBe('saved');
    expect((await shown('b')).path.map((m) => m.id)).toEqual(['b0', 'b1', 'b2']);
  });

  it('an upgrade that dies after its first writes leaves schema 2 untouched; the next start completes it', async () => {
    const name = `brook-tree-${++count}`;
    await writtenBySchema2(name);
    const snapshot = await dump(name);
    expect(snapshot.version).toBe(2);

    // The page dies two writes into the migration (the browser aborts the versionchange transaction).
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const request = realPut.apply(this, args);
      if (++puts === 2) this.transaction.abort();
      return request;
    };
    try {
      await expect(createIdbRepo(name)).rejects.toThrow();
    } finally {
      IDBObjectStore.prototype.put = realPut;
    }
    expect(puts).toBe(2);
    expect(await dump(name)).toEqual(snapshot);

    const repo = await createIdbRepo(name);
    const after = await dump(name);
    expect(after.version).toBe(DB_VERSION);
    expect(after.messages.every((m) => m.parentId !== undefined)).toBe(true);
    expect(currentPath(storedTree(await repo.listMessages('a'))).map((m) => m.id)).toEqual([
      'a0',
      'a1b',
      'a2',
      'a3',
    ]);
  });

  it('opening a migrated database again changes nothing', async () => {
    const name = `brook-tree-${++count}`;
    await writtenBySchema2(name);
    await createIdbRepo(name);
    const once = await dump(name);
    await createIdbRepo(name);
    expect(await dump(name)).toEqual(once);
  });
});
