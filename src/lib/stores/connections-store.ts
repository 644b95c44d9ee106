import { get, writable, type Readable } from 'svelte/store';
import { ProviderError, type ProviderErrorData } from '../providers/errors';
import type { ModelInfo } from '../vocabulary/chat';
import type { MessageError } from '../vocabulary/records';
import { describeError } from './error-hints';
import { serverGoneError } from './server-gone';
import type { SettingsStore } from './settings-store';
import type { ServerId } from '../servers/server';
import type { ChatTransport } from './transport';

export type ConnectionStatus = 'unknown' | 'checking' | 'ok' | 'error';

/** What Brook knows about one server: reachable or not, and its models. */
export interface ServerConnection {
  status: ConnectionStatus;
  models: ModelInfo[];
  error?: MessageError;
  checkedAt?: number;
}

/** By server id; a server not checked yet has no entry (see `connectionOf`). */
export type ConnectionsState = Readonly<Record<ServerId, ServerConnection>>;

const UNKNOWN: ServerConnection = Object.freeze({ status: 'unknown', models: [] }) as ServerConnection;

/** A server's connection, `unknown` until it is first checked. */
export function connectionOf(state: ConnectionsState, server: ServerId): ServerConnection {
  return state[server] ?? UNKNOWN;
}

export interface ConnectionsStore extends Readable<ConnectionsState> {
  /**
   * Lists the server's models (a connection check); a newer call cancels an older one. While the
   * server stays unreachable it is checked again on a bounded back-off (2 s, 4 s … at most 60 s).
   */
  refresh(server: ServerId): Promise<ServerConnection>;
  /**
   * An answer from this server ended: one that streamed proves the server is up (never shown as
   * unreachable right after), and either way the status and models are checked again.
   */
  answerEnded(server: ServerId, streamed: boolean): void;
}

/** Timers, injectable so tests can drive the back-off. */
export interface RecheckTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: RecheckTimer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The wait before the n-th re-check of a server that is down (n from 0). */
export function recheckDelayMs(attempt: number): number {
  return Math.min(2000 * 2 ** attempt, 60_000);
}

/** Normalizes what listModels rejected with (a ProviderError, its data, or anything else). */
export function toErrorData(error: unknown): ProviderErrorData {
  if (error instanceof ProviderError) return error.toData();
  if (typeof error === 'object' && error !== null && 'kind' in error && 'message' in error) {
    const e = error as ProviderErrorData;
    return { ...e, partialText: e.partialText ?? '', partialReasoning: e.partialReasoning ?? '' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'connection', message, partialText: '', partialReasoning: '' };
}

export function createConnectionsStore(
  transport: ChatTransport,
  settings: SettingsStore,
  pageOrigin: string,
  timer: RecheckTimer = realTimer,
): ConnectionsStore {
  const state = writable<ConnectionsState>({});
  const current = (server: ServerId) => connectionOf(get(state), server);
  const inFlight = new Map<ServerId, AbortController>();
  /** Re-checks of servers that are down: the pending timer and how many checks failed so far. */
  const rechecks = new Map<ServerId, { handle: unknown; failures: number }>();

  function cancelRecheck(server: ServerId): void {
    const pending = rechecks.get(server);
    if (pending) timer.clear(pending.handle);
    rechecks.delete(server);
  }

  function scheduleRecheck(server: ServerId): void {
    const failures = rechecks.get(server)?.failures ?? 0;
    cancelRecheck(server);
    const handle = timer.set(() => void refresh(server, true), recheckDelayMs(failures));
    rechecks.set(server, { handle, failures: failures + 1 });
  }

  /** `quiet`: a back-off re-check, which keeps showing the last status until it knows better. */
  async function refresh(server: ServerId, quiet = false): Promise<ServerConnection> {
    if (!quiet) cancelRecheck(server); // a check asked for starts the back-off over
    inFlight.get(server)?.abort();
    const target = settings.target(server);
    if (!target) return markGone(server);
    const controller = new AbortController();
    inFlight.set(server, controller);
    const previous = current(server);
    if (!quiet) set(server, { ...previous, status: 'checking' });
    try {
      const models = await transport.listModels(target, controller.signal);
      if (controller.signal.aborted) return current(server);
      cancelRecheck(server);
      return set(server, { status: 'ok', models, checkedAt: Date.now() });
    } catch (error) {
      if (controller.signal.aborted) return current(server);
      const described = describeError(toErrorData(error), target, pageOrigin);
      scheduleRecheck(server);
      return set(server, { status: 'error', models: [], error: described, checkedAt: Date.now() });
    } finally {
      if (inFlight.get(server) === controller) inFlight.delete(server);
    }
  }

  /** A server no longer in Settings: no check, no back-off, and its status says why. */
  function markGone(server: ServerId): ServerConnection {
    cancelRecheck(server);
    inFlight.get(server)?.abort();
    inFlight.delete(server);
    const error = serverGoneError(get(settings), server);
    return set(server, { status: 'error', models: [], error, checkedAt: Date.now() });
  }

  // A server removed (here or in another tab) stops being checked at once.
  settings.subscribe(($settings) => {
    const configured = new Set($settings.servers.map((s) => s.id));
    for (const [server, connection] of Object.entries(get(state))) {
      const said = serverGoneError($settings, server).message;
      if (!configured.has(server) && connection.error?.message !== said) markGone(server);
    }
  });

  function set(server: ServerId, value: ServerConnection): ServerConnection {
    state.update((all) => ({ ...all, [server]: value }));
    return value;
  }

  return {
    subscribe: state.subscribe,
    refresh: (server) => refresh(server),
    answerEnded(server, streamed) {
      if (streamed) {
        const now = current(server);
        cancelRecheck(server);
        set(server, { ...now, status: 'ok', checkedAt: Date.now() });
      }
      void refresh(server);
    },
  };
}
