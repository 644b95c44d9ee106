import { LMStudioClient, type LoggerInterface } from '@lmstudio/sdk';
import { installSdkSocketErrorGuard } from './browser-guard';

/**
 * One `LMStudioClient` per base URL, shared by every provider instance in this context (the
 * worker), instead of one per provider.
 *
 * Why: a client keeps one authenticated WebSocket per namespace it has used (`/llm`,
 * `/system`, `/files`) and reuses it. The worker may build a provider per request; a client
 * per provider would then either leak those sockets or, if disposed after each request, pay a
 * new handshake for every message. Sharing keeps one warm connection per server.
 *
 * A client whose connection failed is discarded (and disposed) so that the next request
 * starts clean: the SDK would reconnect by itself, but a fresh client also drops any channel
 * the dead connection left behind. `disposeNativeClients()` closes everything (tests, worker
 * shutdown).
 */
const clients = new Map<string, LMStudioClient>();

/** SDK noise that the provider already reports as a typed error. */
const CONNECTION_NOISE = /WebSocket (error|connection refused)/;

function joined(messages: unknown[]): string {
  return messages.filter((part): part is string => typeof part === 'string').join(' ');
}

/**
 * The SDK logs through this: progress chatter (`info`, `debug`) is dropped; warnings such as
 * "Produced communication warning" (a protocol mismatch) are kept, connection noise is not.
 */
const sdkLogger: LoggerInterface = {
  info: () => {},
  debug: () => {},
  warn: (...messages: unknown[]) => {
    if (!CONNECTION_NOISE.test(joined(messages))) console.warn('[LM Studio SDK]', ...messages);
  },
  error: (...messages: unknown[]) => console.error('[LM Studio SDK]', ...messages),
};

/** The shared client for a (normalised) base URL, made on first use. */
export function nativeClientFor(baseUrl: string): LMStudioClient {
  let client = clients.get(baseUrl);
  if (client === undefined) {
    installSdkSocketErrorGuard();
    // Always pass baseUrl: without it the SDK probes ports (Node) or fires an unawaited fetch
    // that becomes an unhandled rejection (browser).
    client = new LMStudioClient({ baseUrl, logger: sdkLogger, verboseErrorMessages: false });
    clients.set(baseUrl, client);
  }
  return client;
}

/**
 * The SDK's only close method is `[Symbol.asyncDispose]`. Where a browser lacks that symbol the
 * class defined the method under the key "undefined" (a computed key), so look it up the same way.
 */
function dispose(client: LMStudioClient): Promise<void> {
  const key = (Symbol as { asyncDispose?: symbol }).asyncDispose ?? 'undefined';
  const method = (client as unknown as Record<PropertyKey, unknown>)[key];
  if (typeof method !== 'function') return Promise.resolve();
  // Dispose waits for open channels to end; a failure here must not escape as unhandled.
  return Promise.resolve(method.call(client) as Promise<void>).catch(() => {});
}

/** Forgets a client after a connection failure; a later request makes a new one. */
export function discardNativeClient(baseUrl: string, client: LMStudioClient): void {
  if (clients.get(baseUrl) !== client) return;
  clients.delete(baseUrl);
  void dispose(client);
}

/** Disposes every shared client. Resolves once the SDK has closed their sockets. */
export async function disposeNativeClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map(dispose));
}
