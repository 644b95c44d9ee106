/// <reference lib="webworker" />
// The worker entry: everything lives in the testable core. The network guard goes in first, before
// any client library captures `fetch`: the page's CSP does not reach this worker.
import { attachChatWorker, type PortLike } from './chat-worker-core';
import { NetworkGuard, installNetworkGuard } from './network-guard';

const guard = new NetworkGuard();
installNetworkGuard(self, guard);
attachChatWorker(self as unknown as PortLike, { allowServer: (url) => guard.allow(url) });
