import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createIdbRepo } from '../../src/lib/persistence/idb-repo';
import type { ConversationRecord, MessageRecord } from '../../src/lib/vocabulary/records';
import { describeStorageError } from '../../src/lib/persistence/storage-errors';
import {
  mergeRecovered,
  readRecoverySnapshots,
  writeRecoverySnapshot,
} from '../../src/lib/persistence/recovery';
import { MapStorage } from './stores-harness';

let dbCount = 0;
const freshRepo = () => createIdbRepo(`brook-test-${++dbCount}`);

function conversation(id: string, updatedAt: number): ConversationRecord {
  return { id, title: id, createdAt: 1, updatedAt, server: 'ollama', settings: { systemPrompt: '' } };
}

function message(id: string, conversationId: string, seq: number, content = id): MessageRecord {
  return {
    id,
    conversationId,
    seq,
    role: seq % 2 ? 'assistant' : 'user',
    content,
    createdAt: seq,
    updatedAt: seq,
    status: 'complete',
  };
}

describe('IndexedDB repository', () => {
  it('lists conversations newest first and messages in order', async () => {
    const repo = await freshRepo();
    await repo.createConversation(conversation('old', 1));
    await repo.createConversation(conversation('new', 2));
    await repo.putMessage(message('m2', 'new', 2));
    await repo.putMessage(message('m0', 'new', 0));
    await repo.putMessage(message('m1', 'new', 1));
    await repo.putMessage(message('x0', 'old', 0));
    expect((await repo.listConversations()).map((c) => c.id)).toEqual(['new', 'old']);
    expect((await repo.listMessages('new')).map((m) => m.id)).toEqual(['m0', 'm1', 'm2']);
  });

  it('overwrites a message by id (a streaming answer saved again and again)', async () => {
    const repo = await freshRepo();
    await repo.createConversation(conversation('c', 1));
    await repo.putMessage({ ...message('a', 'c', 1, 'Hel'), status: 'streaming' });
    await repo.putMessage({ ...message('a', 'c', 1, 'Hello'), status: 'complete' });
    expect(await repo.getMessage('a')).toMatchObject({ content: 'Hello', status: 'complete' });
    expect(await repo.listMessages('c')).toHaveLength(1);
  });

  it('deleting a conversation removes its messages and nothing else', async () => {
    const repo = await freshRepo();
    await repo.putConversationWithMessages(conversation('a', 1), [
      message('a0', 'a', 0),
      message('a1', 'a', 1),
    ]);
    await repo.putConversationWithMessages(conversation('b', 2), [message('b0', 'b', 0)]);
    await repo.deleteConversation('a');
    expect((await repo.listConversations()).map((c) => c.id)).toEqual(['b']);
    expect(await repo.listMessages('a')).toEqual([]);
    expect(await repo.listMessages('b')).toHaveLength(1);
  });

  it('writes a conversation with its messages all or nothing', async () => {
    const repo = await freshRepo();
    const bad = { ...message('ok', 'z', 0), id: undefined } as unknown as MessageRecord; // no key: the put fails
    await expect(
      repo.putConversationWithMessages(conversation('z', 1), [message('z0', 'z', 0), bad]),
    ).rejects.toThrow();
    expect(await repo.listConversations()).toEqual([]);
    expect(await repo.listMessages('z')).toEqual([]);
  });
});

describe('storage errors and recovery', () => {
  it('names a full quota and says the answer can still be copied', () => {
    const text = describeStorageError(Object.assign(new Error('x'), { name: 'QuotaExceededError' }));
    expect(text).toMatch(/storage is full/);
    expect(text).toMatch(/copy it/);
    expect(describeStorageError(new Error('disk gone'))).toMatch(/disk gone.*copy it/);
  });

  it('round-trips a recovery snapshot and ignores foreign or torn values', () => {
    const storage = new MapStorage();
    const snapshot = { ...message('s', 'c', 1, 'partial'), status: 'interrupted' as const };
    expect(writeRecoverySnapshot(storage, snapshot)).toBe(true);
    expect(readRecoverySnapshots(storage)).toEqual([{ key: 'brook.recovery.v2.s', message: snapshot }]);
    storage.setItem('brook.recovery.v2.t', '{"id": 1');
    storage.setItem(
      'brook.recovery.v1',
      JSON.stringify({ id: 'x', role: 'user', content: 'hi', conversationId: 'c' }),
    );
    expect(readRecoverySnapshots(storage).map((s) => s.key)).toEqual(['brook.recovery.v2.s']);
    // The first release's single key is still read.
    storage.setItem('brook.recovery.v1', JSON.stringify({ ...snapshot, id: 'old' }));
    expect(readRecoverySnapshots(storage).map((s) => s.key)).toContain('brook.recovery.v1');
  });

  it('a recovery snapshot adds text to an interrupted answer but never overrides a finished one', () => {
    const snapshot = { ...message('s', 'c', 1, 'longer text'), status: 'interrupted' as const };
    const streaming = { ...message('s', 'c', 1, 'longer'), status: 'streaming' as const };
    expect(mergeRecovered(streaming, snapshot)).toMatchObject({
      content: 'longer text',
      status: 'interrupted',
    });
    const complete = { ...message('s', 'c', 1, 'final answer'), status: 'complete' as const };
    expect(mergeRecovered(complete, snapshot)).toEqual(complete);
    const shorterSnapshot = { ...snapshot, content: 'lo' };
    expect(mergeRecovered(streaming, shorterSnapshot).content).toBe('longer');
  });
});
