/**
 * The chat worker's network guard (the worker's own connection policy, since the page's CSP does
 * not reach it): only configured servers, no redirects. Driven through the real worker core and
 * providers with the guard installed as the worker entry installs it.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ProviderError } from '../../src/lib/providers/errors';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import { ChatClient, type ClientPort } from '../../src/lib/workers/chat-client';
import {
  NetworkGuard,
  installNetworkGuard,
  serverOrigins,
  type GuardedScope,
} from '../../src/lib/workers/network-guard';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { MessageChannel } from 'node:worker_threads';
import { HTTP_SERVERS, ask, closeAll, targetOf } from './reliability-support';

describe('which addresses a configured server stands for', () => {
  test('its origin and the same host and port over the twin scheme, nothing else', () => {
    const guard = new NetworkGuard();
    guard.allow('http://127.0.0.1:1234/v1');
    expect(guard.permits('http://127.0.0.1:1234/v1/chat/completions')).toBe(true);
    expect(guard.permits('ws://127.0.0.1:1234/llm')).toBe(true);
    expect(guard.permits('http://127.0.0.1:1235/v1/models')).toBe(false);
    expect(guard.permits('http://localhost:1234/v1/models')).toBe(false);
    expect(guard.permits('https://127.0.0.1:1234/')).toBe(false);
    expect(guard.permits('https://evil.example/')).toBe(false);
    expect(guard.permits('data:text/plain,hi')).toBe(false);
    expect(serverOrigins('192.168.1.20:1234')).toEqual([
      'ws://192.168.1.20:1234',
      'http://192.168.1.20:1234',
    ]);
    expect(serverOrigins('not a url at all')).toEqual([]);
  });
});

describe.each(HTTP_SERVERS)('$kind through the guarded worker', (server) => {
  const emulators: HttpEmulatorHandle[] = [];
  let uninstall = (): void => {};
  let channel: MessageChannel;
  let client: ChatClient;

  beforeEach(() => {
    const guard = new NetworkGuard();
    uninstall = installNetworkGuard(globalThis as unknown as GuardedScope, guard);
    channel = new MessageChannel();
    attachChatWorker(channel.port1 as unknown as PortLike, { allowServer: (url) => guard.allow(url) });
    client = new ChatClient(channel.port2 as unknown as ClientPort);
  });

  afterEach(async () => {
    uninstall();
    channel.port1.close();
    channel.port2.close();
    await closeAll(emulators);
  });

  async function start(): Promise<HttpEmulatorHandle> {
    const emulator = (await server.start()) as HttpEmulatorHandle;
    emulators.push(emulator);
    return emulator;
  }

  test('a configured server answers as usual', async () => {
    const configured = await start();
    const answer = await ask(client, targetOf(server.kind, configured), server.model).done;
    expect(answer.complete?.text).toBe('Hello, I am a local model.');
  });

  test('a redirect to another host is refused: that host sees nothing, the user is told why', async () => {
    const configured = await start();
    const elsewhere = await start();
    configured.script({
      rawBody: { status: 307, chunks: [], headers: { Location: `${elsewhere.url}/stolen` } },
    });
    const answer = await ask(client, targetOf(server.kind, configured), server.model).done;
    expect(answer.error?.kind).toBe('connection');
    expect(answer.error?.message).toContain('redirected Brook');
    expect(answer.error?.hint).toMatch(/final address/);
    expect(elsewhere.requests).toEqual([]);
  });

  test('a fetch from inside the worker to a server that is not configured is refused', async () => {
    const configured = await start();
    const elsewhere = await start();
    await ask(client, targetOf(server.kind, configured), server.model).done;
    const failure = await fetch(`${elsewhere.url}/api/tags`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).message).toContain('not one of the servers set in Settings');
    expect(elsewhere.requests).toEqual([]);
  });
});
