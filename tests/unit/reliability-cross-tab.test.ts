/**
 * Two tabs on the same conversations: two complete sets of stores (each with the real worker core)
 * over one shared repository, told of each other's writes through a real BroadcastChannel, as the
 * app wires them. No message is lost or shown twice, whichever tab writes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { announcingRepo, broadcastChangeFeed, type ChangeFeed } from '../../src/lib/persistence/change-feed';
import { createMemoryRepo } from '../../src/lib/persistence/memory-repo';
import type { MessageRecord } from '../../src/lib/vocabulary/records';
import type { ConversationRepo } from '../../src/lib/persistence/repo';
import { mergeMessages } from '../../src/lib/stores/cross-tab';
import { closeAll, startHarness, until, type Harness } from './stores-harness';

const feeds: ChangeFeed[] = [];
let channelCount = 0;

afterEach(() => {
  closeAll();
  for (const feed of feeds.splice(0)) feed.close();
});

/** A tab: its own stores and worker, the shared repository, and a feed on the shared channel. */
async function openTab(shared: ConversationRepo, channel: string): Promise<Harness> {
  const feed = broadcastChangeFeed(channel);
  feeds.push(feed);
  const repo = announcingRepo(shared, feed);
  const tab = await startHarness({ repo });
  feed.subscribe((change) => void tab.brook.conversations.refresh(change));
  return tab;
}

function shown(tab: Harness): string[] {
  return get(tab.brook.conversations).messages.map((m) => `${m.role}:${m.content}`);
}

async function answer(tab: Harness, question: string, words: string[]): Promise<void> {
  await tab.brook.chat.send(question);
  tab.provider.text(...words);
  tab.provider.finish();
  await until(tab.brook.chat, (s) => s.status === 'idle');
}

describe('two tabs on the same conversations', () => {
  it('each sees what the other wrote, in order, with nothing lost or doubled', async () => {
    const shared = createMemoryRepo();
    const channel = `brook-test-${(channelCount += 1)}`;
    const a = await openTab(shared, channel);
    const b = await openTab(shared, channel);

    await answer(a, 'First question', ['First', ' answer']);
    const id = get(a.brook.conversations).active.id;
    // B lists the new conversation without being pulled away from what it shows.
    await until(b.brook.conversations, (s) => s.list.some((c) => c.id === id));
    expect(get(b.brook.conversations).active.id).not.toBe(id);
    await b.brook.conversations.select(id);
    expect(shown(b)).toEqual(['user:First question', 'assistant:First answer']);

    await answer(b, 'Second question', ['Second', ' answer']);
    const expected = [
      'user:First question',
      'assistant:First answer',
      'user:Second question',
      'assistant:Second answer',
    ];
    await until(
      a.brook.conversations,
      (s) => s.messages.length === 4 && s.messages[3]?.status === 'complete',
    );
    expect(shown(a)).toEqual(expected);
    expect(shown(b)).toEqual(expected);
    const stored = await shared.listMessages(id);
    expect(stored.map((m) => `${m.role}:${m.content}`)).toEqual(expected);
    expect(stored.map((m) => m.seq)).toEqual([0, 1, 2, 3]);
    // B's second question went out with A's turn in its history.
    expect(b.provider.calls.at(-1)?.messages.map((m) => m.content)).toEqual([
      'First question',
      'First answer',
      'Second question',
    ]);
  });

  it("a conversation deleted in one tab leaves the other's view", async () => {
    const shared = createMemoryRepo();
    const channel = `brook-test-${(channelCount += 1)}`;
    const a = await openTab(shared, channel);
    await answer(a, 'Keep me?', ['No']);
    const id = get(a.brook.conversations).active.id;
    const b = await openTab(shared, channel);
    expect(get(b.brook.conversations).active.id).toBe(id);
    await a.brook.conversations.remove(id);
    await until(b.brook.conversations, (s) => !s.list.some((c) => c.id === id) && s.active.id !== id);
    expect(get(b.brook.conversations).messages).toEqual([]);
  });
});

describe('merging a re-read into what a tab shows', () => {
  const message = (id: string, seq: number, updatedAt: number, content = id): MessageRecord => ({
    id,
    conversationId: 'c',
    seq,
    role: 'user',
    content,
    createdAt: seq,
    updatedAt,
    status: 'complete',
  });

  it('keeps a local write still under way, and a newer local version; the store wins otherwise', () => {
    const local = [
      message('a', 0, 5, 'mine, newer'),
      message('b', 1, 1, 'old'),
      message('c', 2, 1, 'unsaved'),
    ];
    const stored = [message('a', 0, 3, 'stored'), message('b', 1, 4, 'edited elsewhere'), message('d', 3, 4)];
    const merged = mergeMessages(local, stored, (id) => id === 'c');
    expect(merged.map((m) => m.content)).toEqual(['mine, newer', 'edited elsewhere', 'unsaved', 'd']);
  });

  it('drops a local record the store no longer has (deleted elsewhere) unless its write is pending', () => {
    const merged = mergeMessages([message('gone', 0, 9)], [message('kept', 1, 1)], () => false);
    expect(merged.map((m) => m.id)).toEqual(['kept']);
  });
});
