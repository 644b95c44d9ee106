/// <reference lib="webworker" />
// The worker entry: everything lives in the testable core.
import { attachChatWorker, type PortLike } from './chat-worker-core';

attachChatWorker(self as unknown as PortLike);
