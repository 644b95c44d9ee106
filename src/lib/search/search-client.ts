import type { SearchRequest, SearchResponse } from './search-protocol';
import type { SearchResults } from './search-index';

export interface SearchUpdate {
  results: SearchResults;
  indexed: number;
  ready: boolean;
  tookMs: number;
}

export interface SearchPortLike {
  postMessage(message: SearchRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<SearchResponse>) => void): void;
}

/**
 * The page's side of search: one worker, started when search is first opened. `query` replaces
 * the previous query; `listener` gets its results (again as the index grows while it is built).
 */
export class SearchClient {
  private id = 0;
  private listener: ((update: SearchUpdate) => void) | null = null;
  failure: string | null = null;

  constructor(private readonly port: SearchPortLike) {
    port.addEventListener('message', (event) => {
      const message = event.data;
      if (message.type === 'failed') {
        this.failure = message.message;
        return;
      }
      if (message.id !== this.id) return; // typed over
      const { results, indexed, ready, tookMs } = message;
      this.listener?.({ results, indexed, ready, tookMs });
    });
    port.postMessage({ type: 'open' });
  }

  static start(): SearchClient {
    const worker = new Worker(new URL('./search-worker.ts', import.meta.url), {
      type: 'module',
      name: 'brook-search',
    });
    return new SearchClient(worker);
  }

  onResults(listener: (update: SearchUpdate) => void): void {
    this.listener = listener;
  }

  query(query: string, limit = 50): void {
    this.port.postMessage({ type: 'query', id: ++this.id, query, limit });
  }
}
