import type { SearchResults } from './search-index';

/** Messages between the page and the search worker. */
export type SearchRequest =
  /** Start reading the database (once; later calls do nothing). */
  { type: 'open' } | { type: 'query'; id: number; query: string; limit: number };

export type SearchResponse =
  | {
      type: 'results';
      id: number;
      results: SearchResults;
      /** Conversations read so far, and whether the reading is done (results may grow). */
      indexed: number;
      ready: boolean;
      /** Time the worker spent on this query, ms. */
      tookMs: number;
    }
  /** Reading the database failed: search covers what was read. */
  | { type: 'failed'; message: string };
