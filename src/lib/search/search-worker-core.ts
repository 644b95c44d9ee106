import type { ChangeFeed, StoredChange } from '../persistence/change-feed';
import { SearchIndex } from './search-index';
import type { SearchRequest, SearchResponse } from './search-protocol';
import type { SearchSource } from './search-source';

export interface SearchPort {
  postMessage(message: SearchResponse): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<SearchRequest>) => void): void;
}

export interface SearchWorkerDeps {
  source: () => Promise<SearchSource>;
  feed: ChangeFeed;
  /** Messages read per database request while the index is built. */
  pageSize?: number;
  /** How long changes to one conversation are gathered before it is read again. */
  settleMs?: number;
}

/**
 * The search worker's logic, testable without a worker: builds the index page by page (each
 * page answers the latest query again, so results come while it reads), then keeps it current.
 * Only the latest query is answered; one typed over is dropped.
 */
export function attachSearchWorker(port: SearchPort, deps: SearchWorkerDeps): void {
  const index = new SearchIndex();
  let source: SearchSource | null = null;
  let started = false;
  let ready = false;
  let latest: Extract<SearchRequest, { type: 'query' }> | null = null;
  let answerQueued = false;
  const dirty = new Set<string>();
  let rereadAll = false;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;

  function answer(): void {
    answerQueued = false;
    if (!latest) return;
    const scanFrom = performance.now();
    const results = index.search(latest.query, latest.limit);
    port.postMessage({
      type: 'results',
      id: latest.id,
      results,
      indexed: index.size,
      ready,
      tookMs: performance.now() - scanFrom,
    });
  }

  /** A task of its own, so a newer query that arrived meanwhile replaces this one. */
  function queueAnswer(): void {
    if (answerQueued) return;
    answerQueued = true;
    setTimeout(answer, 0);
  }

  async function build(): Promise<void> {
    source = await deps.source();
    for (const record of await source.conversations()) index.setConversation(record);
    let after: string | undefined;
    for (;;) {
      const page = await source.messagePage(after, deps.pageSize ?? 5000);
      if (page.length === 0) break;
      index.addMessages(page);
      after = page.at(-1)!.id;
      if (latest) queueAnswer();
    }
    ready = true;
    queueAnswer();
  }

  function changed(change: StoredChange): void {
    if (change.deleted && change.conversationId) {
      index.removeConversation(change.conversationId);
      dirty.delete(change.conversationId);
      queueAnswer();
      return;
    }
    if (change.conversationId === null) rereadAll = true;
    else dirty.add(change.conversationId);
    flushTimer ??= setTimeout(() => void flush(), deps.settleMs ?? 250);
  }

  async function flush(): Promise<void> {
    flushTimer = null;
    if (!source || !ready) {
      if (started) flushTimer = setTimeout(() => void flush(), deps.settleMs ?? 250);
      return;
    }
    if (rereadAll) {
      rereadAll = false;
      dirty.clear();
      for (const record of await source.conversations()) dirty.add(record.id);
    }
    const ids = [...dirty];
    dirty.clear();
    for (const id of ids) {
      const { record, messages } = await source.conversation(id);
      if (!record) index.removeConversation(id);
      else {
        index.setConversation(record);
        index.setMessages(id, messages);
      }
    }
    if (latest) queueAnswer();
  }

  deps.feed.subscribe(changed);
  port.addEventListener('message', (event) => {
    const request = event.data;
    if (request.type === 'open') {
      if (started) return;
      started = true;
      build().catch((error: unknown) => {
        ready = true;
        port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      });
    } else {
      latest = request;
      queueAnswer();
    }
  });
}
