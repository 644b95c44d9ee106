/**
 * Search: the index on its own (case, branches, limits, hostile queries) and the worker core
 * over fake-indexeddb with the real repository and change feed (results while it reads, and
 * writes, deletions and other tabs followed).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createIdbRepo, openBrookDB } from '../../src/lib/persistence/idb-repo';
import { announcingRepo, type ChangeFeed, type StoredChange } from '../../src/lib/persistence/change-feed';
import { SearchIndex } from '../../src/lib/search/search-index';
import { snippetAt, fold, normalizeQuery } from '../../src/lib/search/search-text';
import { attachSearchWorker, type SearchPort } from '../../src/lib/search/search-worker-core';
import { idbSearchSource } from '../../src/lib/search/search-source';
import type { SearchRequest, SearchResponse } from '../../src/lib/search/search-protocol';
import type { ConversationRecord, MessageRecord } from '../../src/lib/vocabulary/records';

function conversation(id: string, title: string, updatedAt: number): ConversationRecord {
  return { id, title, createdAt: 1, updatedAt, server: 'ollama', settings: { systemPrompt: '' } };
}

function message(
  id: string,
  conversationId: string,
  content: string,
  extra: Partial<MessageRecord> = {},
): MessageRecord {
  return {
    id,
    conversationId,
    seq: 0,
    parentId: null,
    role: 'user',
    content,
    createdAt: Number(id.replace(/\D/g, '')) || 1,
    updatedAt: 1,
    status: 'complete',
    ...extra,
  };
}

describe('search index', () => {
  const index = new SearchIndex();
  index.setConversation(conversation('a', 'Cooking ideas', 2));
  index.setConversation(conversation('b', 'Rust lifetimes', 1));
  index.addMessages([
    message('m1', 'a', 'How long do I boil an EGG?'),
    // An old branch (a version beside m3): still searched.
    message('m2', 'a', 'Old branch: poached eggs need vinegar', { parentId: 'm1', role: 'assistant' }),
    message('m3', 'a', 'Soft-boiled: six minutes.\nHard: ten.', { parentId: 'm1', role: 'assistant' }),
    message('m4', 'b', "fn longest<'a>(x: &'a str) -> &'a str (.*) [regex?]"),
    message('m5', 'b', 'שלום עולם — مرحبا 😀'),
  ]);

  it('finds words case-insensitively in titles and in messages of every branch, newest chat first', () => {
    const { hits } = index.search('egg');
    expect(hits.map((h) => h.messageId)).toEqual(['m2', 'm1']);
    expect(index.search('VINEGAR').hits[0]).toMatchObject({
      conversationId: 'a',
      messageId: 'm2',
      role: 'assistant',
    });
    expect(index.search('rust').hits[0]).toMatchObject({ conversationId: 'b', title: 'Rust lifetimes' });
    expect(index.search('rust').hits[0]!.messageId).toBeUndefined();
  });

  it('shows the matching line, with where the match is', () => {
    const [hit] = index.search('ten').hits;
    expect(hit!.snippet).toEqual({ text: 'Hard: ten.', match: [6, 9] });
  });

  it('treats regex characters, RTL text and emoji as plain text; an empty query finds nothing', () => {
    expect(index.search('(.*)').hits.map((h) => h.messageId)).toEqual(['m4']);
    expect(index.search('[regex?]').hits).toHaveLength(1);
    expect(index.search('.*').hits).toHaveLength(1);
    expect(index.search('עולם').hits.map((h) => h.messageId)).toEqual(['m5']);
    expect(index.search('😀').hits).toHaveLength(1);
    expect(index.search('').hits).toEqual([]);
    expect(index.search('   \n ').hits).toEqual([]);
  });

  it('a 10,000-character query is cut, searched and simply finds nothing', () => {
    const long = 'x'.repeat(10_000);
    expect(normalizeQuery(long).length).toBe(500);
    expect(index.search(long)).toEqual({ query: 'x'.repeat(500), hits: [], more: false });
  });

  it('stops at the limit and says there is more', () => {
    const big = new SearchIndex();
    for (let c = 0; c < 30; c++) {
      big.setConversation(conversation(`c${c}`, `Chat ${c}`, c));
      big.addMessages([1, 2, 3, 4].map((n) => message(`c${c}m${n}`, `c${c}`, `word ${n}`)));
    }
    const results = big.search('word', 20);
    expect(results.hits).toHaveLength(20);
    expect(results.more).toBe(true);
    expect(results.hits[0]!.conversationId).toBe('c29');
    expect(results.hits.filter((h) => h.conversationId === 'c29')).toHaveLength(3); // at most three per chat
  });

  it('cuts a long line around the match', () => {
    const text = `${'a '.repeat(200)}needle${' b'.repeat(200)}`;
    const snippet = snippetAt(text, fold(text), text.indexOf('needle'), 'needle', 80);
    expect(snippet.text.length).toBeLessThanOrEqual(82);
    expect(snippet.text.slice(snippet.match[0], snippet.match[1])).toBe('needle');
  });
});

/** A change feed shared by the "page" and the "worker", as one BroadcastChannel would be. */
function sharedFeed(): { page: ChangeFeed; worker: ChangeFeed } {
  const listeners = new Set<(change: StoredChange) => void>();
  const noop = () => undefined;
  return {
    page: { post: (change) => listeners.forEach((l) => l(change)), subscribe: () => noop, close: noop },
    worker: {
      post: noop,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: noop,
    },
  };
}

function workerPort() {
  const listeners: ((event: MessageEvent<SearchRequest>) => void)[] = [];
  const received: SearchResponse[] = [];
  const port: SearchPort = {
    postMessage: (message) => received.push(message),
    addEventListener: (_type, listener) => listeners.push(listener),
  };
  const send = (request: SearchRequest) =>
    listeners.forEach((l) => l({ data: request } as MessageEvent<SearchRequest>));
  const last = () => received.filter((r) => r.type === 'results').at(-1);
  return { port, send, received, last };
}

describe('search worker core', () => {
  it('answers while it reads, then follows writes, other branches and deletions', async () => {
    const name = `brook-search-${Math.random()}`;
    const feed = sharedFeed();
    const repo = announcingRepo(await createIdbRepo(name), feed.page);
    for (let c = 0; c < 12; c++) {
      await repo.putConversationWithMessages(conversation(`c${c}`, `Chat ${c}`, c), [
        message(`c${c}-m1`, `c${c}`, c === 3 ? 'the magic word' : 'nothing here'),
      ]);
    }
    const { port, send, last } = workerPort();
    attachSearchWorker(port, {
      source: () => idbSearchSource(openBrookDB(name)),
      feed: feed.worker,
      pageSize: 4,
      settleMs: 5,
    });
    send({ type: 'query', id: 1, query: 'magic', limit: 50 });
    send({ type: 'open' });
    await vi.waitFor(() => expect(last()).toMatchObject({ ready: true }));
    const done = last();
    expect(done?.type === 'results' && done.results.hits.map((h) => h.messageId)).toEqual(['c3-m1']);

    // A new message, then the conversation is deleted: both followed through the feed.
    await repo.putMessage(message('c5-m9', 'c5', 'more magic', { parentId: 'c5-m1', role: 'assistant' }));
    send({ type: 'query', id: 2, query: 'magic', limit: 50 });
    await vi.waitFor(() => {
      const r = last();
      expect(r?.type === 'results' && r.results.hits.map((h) => h.messageId)).toEqual(['c5-m9', 'c3-m1']);
    });
    await repo.deleteConversation('c3');
    send({ type: 'query', id: 3, query: 'magic', limit: 50 });
    await vi.waitFor(() => {
      const r = last();
      expect(r?.type === 'results' && r.id === 3 && r.results.hits.map((h) => h.messageId)).toEqual([
        'c5-m9',
      ]);
    });
  });

  it('says so when the database cannot be read', async () => {
    const { port, send, received } = workerPort();
    attachSearchWorker(port, {
      source: () => Promise.reject(new Error('blocked')),
      feed: sharedFeed().worker,
    });
    send({ type: 'open' });
    await vi.waitFor(() => expect(received).toContainEqual({ type: 'failed', message: 'blocked' }));
  });
});
