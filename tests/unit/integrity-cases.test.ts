/**
 * The conversation-integrity faults seen in the built app, each through the real stores, the real
 * worker core and the IndexedDB repository (fake-indexeddb). Each of these failed on the store of
 * the previous release; docs/reliability.md lists them.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { announcingRepo, broadcastChangeFeed, type ChangeFeed } from '../../src/lib/persistence/change-feed';
import { createIdbRepo } from '../../src/lib/persistence/idb-repo';
import type { ConversationRepo } from '../../src/lib/persistence/repo';
import { ProviderError } from '../../src/lib/providers/errors';
import { webLockWriters } from '../../src/lib/stores/answer-writers';
import { currentPath } from '../../src/lib/tree/tree';
import { storedTree } from '../../src/lib/tree/stored-tree';
import { FakeLockRegistry } from './fake-locks';
import { closeAll, MapStorage, startHarness, until, type Harness } from './stores-harness';

let dbCount = 0;
const feeds: ChangeFeed[] = [];
afterEach(() => {
  closeAll();
  for (const feed of feeds.splice(0)) feed.close();
});

const freshDb = () => `brook-integrity-${++dbCount}`;

/** A tab over a shared database, told of the other tabs' writes through a real BroadcastChannel. */
async function openTab(dbName: string, local = new MapStorage()): Promise<Harness> {
  const feed = broadcastChangeFeed(`integrity-${dbName}`);
  feeds.push(feed);
  const repo = announcingRepo(await createIdbRepo(dbName), feed);
  const tab = await startHarness({ repo, local });
  feed.subscribe((change) => void tab.brook.conversations.refresh(change));
  return tab;
}

async function answered(tab: Harness, question: string, text: string): Promise<void> {
  await tab.brook.chat.send(question);
  tab.provider.text(text);
  tab.provider.finish();
  await tab.brook.chat.settled();
}

async function allMessages(repo: ConversationRepo) {
  const conversations = await repo.listConversations();
  const lists = await Promise.all(conversations.map((c) => repo.listMessages(c.id)));
  return { ids: new Set(conversations.map((c) => c.id)), messages: lists.flat() };
}

describe('1. Regenerate never deletes the good answer first', () => {
  it('a regenerate that fails before any text leaves the earlier answer stored, one page back', async () => {
    const tab = await openTab(freshDb());
    const { chat, conversations } = tab.brook;
    await answered(tab, 'Name a colour', 'Blue');
    const good = get(conversations).messages.at(-1)!;
    expect(await chat.regenerate()).toBe(true);
    // While the new attempt waits, it is the version shown; the old answer stays in storage.
    expect(get(conversations).messages.map((m) => m.content)).toEqual(['Name a colour', '']);
    expect(await tab.repo.getMessage(good.id)).toMatchObject({ content: 'Blue', status: 'complete' });
    tab.provider.push(new ProviderError('connection', 'Cannot reach the server.', { provider: 'ollama' }));
    await chat.settled();
    expect(get(chat).status).toBe('error');
    expect(await tab.repo.getMessage(good.id)).toMatchObject({ content: 'Blue', status: 'complete' });
    const shown = get(conversations).messages;
    expect(shown.map((m) => [m.content, m.status])).toEqual([
      ['Name a colour', 'complete'],
      ['', 'failed'],
    ]);
    expect(get(conversations).versions[shown[1]!.id]).toEqual({ index: 2, count: 2, previous: good.id });
    await conversations.showVersion(good.id);
    expect(get(conversations).messages.map((m) => m.content)).toEqual(['Name a colour', 'Blue']);
  });

  it('a regenerate stopped before any text keeps the earlier answer; one with text keeps both', async () => {
    const tab = await openTab(freshDb());
    const { chat, conversations } = tab.brook;
    await answered(tab, 'Name a colour', 'Blue');
    const good = get(conversations).messages.at(-1)!;
    await chat.regenerate();
    chat.stop();
    await chat.settled();
    expect(get(conversations).versions[get(conversations).messages[1]!.id]?.count).toBe(2);

    await chat.regenerate();
    tab.provider.text('Gre');
    await until(chat.live, (a) => a?.text === 'Gre');
    chat.stop();
    await chat.settled();
    const stored = await tab.repo.listMessages(good.conversationId);
    expect(stored.find((m) => m.id === good.id)).toMatchObject({ content: 'Blue' }); // an earlier version
    expect(get(conversations).messages.map((m) => m.content)).toEqual(['Name a colour', 'Gre']);
    expect(currentPath(storedTree(stored)).map((m) => m.content)).toEqual(['Name a colour', 'Gre']);
    expect(get(conversations).versions[get(conversations).messages[1]!.id]).toMatchObject({
      index: 3,
      count: 3,
    });
  });
});

describe('2. An answer is filed in the conversation it was asked in', () => {
  it('Enter in chat A then an immediate switch to chat B: the answer goes to A, after its question', async () => {
    const tab = await openTab(freshDb());
    const { chat, conversations } = tab.brook;
    await answered(tab, 'In B', 'B answer');
    const b = get(conversations).active.id;
    conversations.startNew();
    const a = get(conversations).active.id;
    const sent = chat.send('Question in A');
    conversations.select(b); // no await: the switch lands while A's question is being saved
    await sent;
    tab.provider.text('Answer for A');
    tab.provider.finish();
    await chat.settled();
    const inA = await tab.repo.listMessages(a);
    const inB = await tab.repo.listMessages(b);
    expect(inA.map((m) => m.content)).toEqual(['Question in A', 'Answer for A']);
    expect(inA[1]!.replyTo).toBe(inA[0]!.id);
    expect(inB.map((m) => m.content)).toEqual(['In B', 'B answer']);
    expect(tab.provider.calls.at(-1)!.messages.map((m) => m.content)).toEqual(['Question in A']);
  });

  it('two conversations stream at once, each into its own record', async () => {
    const tab = await openTab(freshDb());
    const { chat, conversations } = tab.brook;
    await chat.send('First');
    const first = get(conversations).active.id;
    conversations.startNew();
    expect(await chat.send('Second')).toBe(true);
    const second = get(conversations).active.id;
    expect(get(chat.answering)).toEqual(new Set([first, second]));
    // One scripted stream serves both requests in turn: each gets its own text.
    tab.provider.text('to both');
    tab.provider.finish();
    tab.provider.text('second only');
    tab.provider.finish();
    await chat.settled();
    const texts = [
      (await tab.repo.listMessages(first)).map((m) => m.content),
      (await tab.repo.listMessages(second)).map((m) => m.content),
    ];
    expect(texts.map((t) => t[0])).toEqual(['First', 'Second']);
    expect(texts.every((t) => t.length === 2 && t[1]!.length > 0)).toBe(true);
  });
});

describe('3–5. Delete is final everywhere', () => {
  it('3. deleting the chat that streams stops it and no stopped copy is written back', async () => {
    const tab = await openTab(freshDb());
    const { chat, conversations } = tab.brook;
    await chat.send('Long story');
    tab.provider.text('Once upon');
    await until(chat.live, (a) => a?.text === 'Once upon');
    const id = get(conversations).active.id;
    await conversations.remove(id);
    await chat.settled();
    await expect.poll(() => tab.provider.lastSignal?.aborted).toBe(true);
    tab.provider.text(' a time'); // anything late goes nowhere
    chat.persistNow('closing');
    const { ids, messages } = await allMessages(tab.repo);
    expect(ids.has(id)).toBe(false);
    expect(messages.filter((m) => m.conversationId === id)).toEqual([]);
    // A late write of any kind is refused by storage itself.
    expect(await tab.repo.putMessage({ ...messages[0]!, id: 'late', conversationId: id })).toBe(
      'conversation-gone',
    );
  });

  it('4. a delete in another tab cancels this tab’s stream and saves nothing of it', async () => {
    const db = freshDb();
    const one = await openTab(db);
    await one.brook.chat.send('Long story');
    one.provider.text('Once');
    await until(one.brook.chat.live, (a) => a?.text === 'Once');
    const id = get(one.brook.conversations).active.id;
    const two = await openTab(db);
    await until(two.brook.conversations, (s) => s.list.some((c) => c.id === id));
    await two.brook.conversations.remove(id);
    await one.brook.chat.settled();
    await expect.poll(() => one.provider.lastSignal?.aborted).toBe(true);
    expect(get(one.brook.conversations).list.some((c) => c.id === id)).toBe(false);
    const { messages } = await allMessages(one.repo);
    expect(messages.some((m) => m.conversationId === id)).toBe(false);
  });

  it('5. a closed tab’s recovery copy is dropped when its chat was deleted meanwhile', async () => {
    const db = freshDb();
    const local = new MapStorage();
    const one = await openTab(db, local);
    await one.brook.chat.send('Long story');
    one.provider.text('Half an answer');
    await until(one.brook.chat.live, (a) => a?.text === 'Half an answer');
    const id = get(one.brook.conversations).active.id;
    one.brook.chat.persistNow('closing'); // the tab closes mid-answer
    one.close();
    const two = await openTab(db, new MapStorage());
    await until(two.brook.conversations, (s) => s.list.some((c) => c.id === id));
    await two.brook.conversations.remove(id);
    two.close();
    expect([...local.map.keys()].some((k) => k.startsWith('brook.recovery'))).toBe(true);
    const three = await openTab(db, local);
    const { ids, messages } = await allMessages(three.repo);
    expect(ids.has(id)).toBe(false);
    expect(messages.some((m) => m.conversationId === id)).toBe(false);
    expect([...local.map.keys()].some((k) => k.startsWith('brook.recovery'))).toBe(false);
  });
});

describe('6. The view shows what storage holds', () => {
  it('returning to a chat the moment its answer finishes shows the whole answer, not an older copy', async () => {
    const tab = await openTab(freshDb());
    const { chat, conversations } = tab.brook;
    await chat.send('Write a lot');
    const a = get(conversations).active.id;
    tab.provider.text('partial ');
    await until(chat.live, (x) => x?.text === 'partial ');
    chat.persistNow('hidden'); // a throttled copy lands: "partial ", streaming
    conversations.startNew();
    tab.provider.text('and the rest');
    tab.provider.finish();
    await until(chat.answering, (ids) => ids.size === 0);
    await conversations.select(a); // at once, while the final write may still be under way
    const shown = get(conversations).messages.at(-1)!;
    expect(shown).toMatchObject({ content: 'partial and the rest', status: 'complete' });
    await expect
      .poll(async () => (await tab.repo.listMessages(a)).at(-1)?.content)
      .toBe('partial and the rest');
    expect(get(conversations).messages).toEqual(await tab.repo.listMessages(a));
  });

  it('another tab’s finished answer replaces the shorter copy this tab was showing', async () => {
    const db = freshDb();
    const one = await openTab(db);
    await one.brook.chat.send('Write a lot');
    one.provider.text('partial');
    await until(one.brook.chat.live, (x) => x?.text === 'partial');
    one.brook.chat.persistNow('hidden');
    const id = get(one.brook.conversations).active.id;
    const two = await openTab(db);
    await until(two.brook.conversations, (s) => s.messages.at(-1)?.content === 'partial');
    expect(get(two.brook.conversations).messages.at(-1)?.status).toBe('streaming');
    one.provider.text(' and done');
    one.provider.finish();
    await until(two.brook.conversations, (s) => s.messages.at(-1)?.status === 'complete');
    expect(get(two.brook.conversations).messages).toEqual(await two.repo.listMessages(id));
  });
});

describe('6b. A "being written in another tab" marker never outlives its writer', () => {
  async function tabWithLocks(dbName: string, registry: FakeLockRegistry) {
    const feed = broadcastChangeFeed(`integrity-${dbName}`);
    feeds.push(feed);
    const repo = announcingRepo(await createIdbRepo(dbName), feed);
    const lock = registry.tab();
    const tab = await startHarness({ repo, writers: webLockWriters(lock.locks) });
    feed.subscribe((change) => void tab.brook.conversations.refresh(change));
    return { ...tab, die: lock.die };
  }

  /** Tab one writes an answer (a throttled copy saved); tab two opens and shows it as elsewhere. */
  async function writerAndReader() {
    const db = freshDb();
    const registry = new FakeLockRegistry();
    const one = await tabWithLocks(db, registry);
    await one.brook.chat.send('Write a lot');
    one.provider.text('partial');
    await until(one.brook.chat.live, (x) => x?.text === 'partial');
    one.brook.chat.persistNow('hidden');
    const two = await tabWithLocks(db, registry);
    await until(two.brook.conversations, (s) => s.messages.at(-1)?.content === 'partial');
    return { one, two };
  }

  it('the writer tab dies mid-answer: the other tab shows the answer as interrupted at once', async () => {
    const { one, two } = await writerAndReader();
    expect(get(two.brook.conversations).messages.at(-1)?.status).toBe('streaming');
    one.close();
    one.die(); // the page crashed: the browser lets go of its locks, nothing more is written
    await until(two.brook.conversations, (s) => s.messages.at(-1)?.status === 'interrupted');
    expect(get(two.brook.conversations).messages.at(-1)?.content).toBe('partial');
  });

  it('the writer finishes: the other tab shows the final answer, never an interrupted one', async () => {
    const { one, two } = await writerAndReader();
    const statuses: string[] = [];
    const stop = two.brook.conversations.subscribe((s) => statuses.push(s.messages.at(-1)?.status ?? ''));
    one.provider.text(' and done');
    one.provider.finish();
    await until(two.brook.conversations, (s) => s.messages.at(-1)?.status === 'complete');
    stop();
    expect(statuses).not.toContain('interrupted');
  });
});
