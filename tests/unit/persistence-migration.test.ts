/**
 * Schema 1 → 3 (tombstones, then the tree). The database is written by release 0.1's own repository code
 * (fixtures/release-0.1-idb-repo.ts), then opened by this release: every record comes over
 * unchanged and the new guards work on it. An upgrade that dies half-way leaves schema 1 and its
 * data untouched, and the next start completes it.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { createIdbRepo, DB_VERSION, type BrookDB } from '../../src/lib/persistence/idb-repo';
import type { ConversationRecord, MessageRecord } from '../../src/lib/vocabulary/records';
import { upgradeBrookDB } from '../../src/lib/persistence/schema';
import { createIdbRepo as createRelease01Repo } from './fixtures/release-0.1-idb-repo';

let count = 0;

function conversation(id: string, updatedAt: number): ConversationRecord {
  return {
    id,
    title: `Chat ${id}`,
    createdAt: 1,
    updatedAt,
    server: 'lmstudio-rest',
    model: 'qwen3-8b',
    settings: { systemPrompt: 'Be brief.', temperature: 0.3 },
  };
}

function message(id: string, conversationId: string, seq: number, extra: Partial<MessageRecord> = {}) {
  return {
    id,
    conversationId,
    seq,
    role: seq % 2 ? 'assistant' : 'user',
    content: `text ${id} ✓ 😀`,
    createdAt: seq,
    updatedAt: seq,
    status: 'complete',
    ...extra,
  } as MessageRecord;
}

/** A database as release 0.1 left it: two chats, a stopped and an interrupted answer. */
async function writtenByRelease01(name: string) {
  const old = await createRelease01Repo(name);
  const a = conversation('a', 2);
  const b = conversation('b', 1);
  const messages = [
    message('a0', 'a', 0),
    message('a1', 'a', 1, { status: 'stopped', finishReason: 'cancelled', stats: { totalMs: 40 } }),
    message('a2', 'a', 2),
    message('a3', 'a', 3, { status: 'streaming', content: 'cut off' }),
    message('b0', 'b', 0),
    message('b1', 'b', 1, { reasoning: 'thinking', model: 'qwen3-8b', server: 'lmstudio-rest' }),
  ];
  await old.putConversationWithMessages(a, messages.slice(0, 4));
  await old.putConversationWithMessages(b, messages.slice(4));
  return { conversations: [a, b], messages };
}

/** The messages as one path, each following the one before it. */
function chained(messages: MessageRecord[]): MessageRecord[] {
  return messages.map((m, i) => ({ ...m, parentId: messages[i - 1]?.id ?? null }));
}

async function dump(name: string) {
  const db = await openDB<BrookDB>(name);
  const out = {
    version: db.version,
    stores: [...db.objectStoreNames].sort(),
    conversations: await db.getAll('conversations'),
    messages: await db.getAll('messages'),
  };
  db.close();
  return out;
}

describe('migration from release 0.1 (schema 1)', () => {
  it('keeps every conversation and message byte for byte, and the guards work on them', async () => {
    const name = `brook-migrate-${++count}`;
    const before = await writtenByRelease01(name);
    const repo = await createIdbRepo(name);
    expect((await repo.listConversations()).map((c) => c.id)).toEqual(['a', 'b']);
    expect(await repo.listConversations()).toEqual(before.conversations);
    // Release 0.1 showed every message in order: each now follows the one before it.
    expect(await repo.listMessages('a')).toEqual(chained(before.messages.slice(0, 4)));
    expect(await repo.listMessages('b')).toEqual(chained(before.messages.slice(4)));

    expect(await repo.putMessage(message('a4', 'a', 4))).toBe('saved');
    await repo.deleteConversation('b');
    expect(await repo.putMessage(message('b2', 'b', 2))).toBe('conversation-gone');
    expect(await repo.updateConversation(conversation('b', 9))).toBe('conversation-gone');
    expect(await repo.createConversation(conversation('b', 9))).toBe('conversation-gone');
    const after = await dump(name);
    expect(after.version).toBe(DB_VERSION);
    expect(after.stores).toEqual(['attachments', 'conversations', 'messages', 'tombstones']);
    expect(after.messages.map((m) => m.id).sort()).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
  });

  it('an upgrade that dies half-way leaves schema 1 untouched; the next start completes it', async () => {
    const name = `brook-migrate-${++count}`;
    const before = await writtenByRelease01(name);
    const snapshot = await dump(name);

    // The page dies after the upgrade step ran but before its transaction committed.
    await expect(
      openDB<BrookDB>(name, DB_VERSION, {
        async upgrade(db, oldVersion, _new, tx) {
          tx.done.catch(() => undefined); // the abort below rejects it, as a crash would
          await upgradeBrookDB(db, oldVersion, tx);
          tx.abort();
        },
      }),
    ).rejects.toThrow();
    expect(await dump(name)).toEqual(snapshot);
    expect(snapshot.version).toBe(1);

    const repo = await createIdbRepo(name);
    expect(await repo.listMessages('a')).toEqual(chained(before.messages.slice(0, 4)));
    expect((await dump(name)).stores).toContain('tombstones');
  });
});
