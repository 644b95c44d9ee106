/// <reference lib="webworker" />
// The search worker: keeps the text of every conversation in memory and answers queries, so
// typing in the search box never waits on a scan. It reads the database itself (the same
// schema code as the page) and follows every write through the change feed, which carries this
// tab's writes as well as other tabs'.
import { attachSearchWorker } from './search-worker-core';
import { broadcastChangeFeed } from '../persistence/change-feed';
import { DB_NAME, openBrookDB } from '../persistence/idb-repo';
import { idbSearchSource } from './search-source';

attachSearchWorker(self as unknown as Parameters<typeof attachSearchWorker>[0], {
  source: () => idbSearchSource(openBrookDB(DB_NAME, { onNewerVersion: () => self.close() })),
  feed: broadcastChangeFeed(),
});
