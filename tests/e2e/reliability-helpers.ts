/**
 * Helpers for the reliability and security specs: what Brook saved in IndexedDB, a second
 * address for the app (a loopback proxy on [::1], an origin Ollama does not allow by default),
 * the LM Studio native emulator, and the console lines a page wrote.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
  type LMStudioNativeEmulatorOptions,
} from '../emulators/lmstudio-native-emulator';
import { APP_PORT } from '../../playwright.config';

/** Where the app under test is served. */
export const APP_ORIGIN = `http://127.0.0.1:${APP_PORT}`;

/** A message as Brook stores it (the fields the specs read). */
export interface StoredMessage {
  id: string;
  conversationId: string;
  seq: number;
  role: 'user' | 'assistant';
  content: string;
  status: string;
  reasoning?: string;
}

export interface StoredConversation {
  id: string;
  title: string;
}

/** Everything in Brook's database, read in the page (src/lib/persistence/idb-repo.ts). */
export async function readDatabase(
  page: Page,
): Promise<{ conversations: StoredConversation[]; messages: StoredMessage[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('brook');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['conversations', 'messages'], 'readonly');
          const conversations = tx.objectStore('conversations').getAll();
          const messages = tx.objectStore('messages').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({
              conversations: conversations.result as StoredConversation[],
              messages: (messages.result as StoredMessage[]).sort((a, b) => a.seq - b.seq),
            });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** The stored answers, oldest first. */
export async function storedAnswers(page: Page): Promise<StoredMessage[]> {
  const { messages } = await readDatabase(page);
  return messages.filter((message) => message.role === 'assistant');
}

/**
 * Serves the app on http://[::1]:PORT by forwarding to the preview server: still a secure,
 * loopback origin for Chromium, but not one of the origins Ollama allows by default.
 */
export async function startIpv6AppProxy(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: APP_PORT,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: `127.0.0.1:${APP_PORT}` },
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://[::1]:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The LM Studio native emulator with CORS on, as a browser needs it. */
export function startNative(options: LMStudioNativeEmulatorOptions = {}): Promise<LMStudioNativeEmulator> {
  return startLMStudioNativeEmulator({ cors: true, ...options });
}

/** Every console line and page error, for specs that check what is (not) logged. */
export function recordConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => lines.push(`pageerror: ${error.message}`));
  return lines;
}

/** JS heap in use after a forced GC, of the page and of its chat worker (read over CDP). */
export async function heapsAfterGc(page: Page): Promise<{ page: number; worker: number }> {
  const pageCdp = await page.context().newCDPSession(page);
  await pageCdp.send('HeapProfiler.collectGarbage');
  const pageHeap = (await pageCdp.send('Runtime.getHeapUsage')).usedSize;
  await pageCdp.detach();

  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((target) => target.type === 'worker' && target.url.includes('chat-worker'));
  if (!worker) throw new Error('the chat worker is not running');
  // The worker is reached through the browser session (non-flattened: messages as JSON strings).
  const { sessionId } = await cdp.send('Target.attachToTarget', {
    targetId: worker.targetId,
    flatten: false,
  });
  let nextId = 1;
  const call = (method: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const onMessage = (event: { sessionId?: string; message: string }) => {
        const reply = JSON.parse(event.message) as {
          id?: number;
          result?: Record<string, unknown>;
          error?: unknown;
        };
        if (event.sessionId !== sessionId || reply.id !== id) return;
        cdp.off('Target.receivedMessageFromTarget', onMessage);
        if (reply.error) reject(new Error(JSON.stringify(reply.error)));
        else resolve(reply.result ?? {});
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  await call('HeapProfiler.collectGarbage');
  const workerHeap = Number((await call('Runtime.getHeapUsage'))['usedSize']);
  await cdp.send('Target.detachFromTarget', { sessionId });
  await cdp.detach();
  return { page: pageHeap, worker: workerHeap };
}
