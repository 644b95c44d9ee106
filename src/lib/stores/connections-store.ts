import { get, writable, type Readable } from 'svelte/store';
import { ProviderError, type ProviderErrorData } from '../providers/errors';
import type { ModelInfo } from '../providers/types';
import type { MessageError } from '../persistence/records';
import { describeError } from './error-hints';
import type { SettingsStore } from './settings-store';
import { SERVER_IDS, type ServerId } from './servers';
import type { ChatTransport } from './transport';

export type ConnectionStatus = 'unknown' | 'checking' | 'ok' | 'error';

/** What Brook knows about one server: reachable or not, and its models. */
export interface ServerConnection {
  status: ConnectionStatus;
  models: ModelInfo[];
  error?: MessageError;
  checkedAt?: number;
}

export type ConnectionsState = Record<ServerId, ServerConnection>;

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
  const unknown = (): ServerConnection => ({ status: 'unknown', models: [] });
  const initial = Object.fromEntries(SERVER_IDS.map((id) => [id, unknown()])) as Record<
    string,
    ServerConnection
  >;
  const state = writable(initial as ConnectionsState);
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
    const controller = new AbortController();
    inFlight.set(server, controller);
    const previous = get(state)[server];
    if (!quiet) set(server, { ...previous, status: 'checking' });
    try {
      const models = await transport.listModels(settings.target(server), controller.signal);
      if (controller.signal.aborted) return get(state)[server];
      cancelRecheck(server);
      return set(server, { status: 'ok', models, checkedAt: Date.now() });
    } catch (error) {
      if (controller.signal.aborted) return get(state)[server];
      const url = get(settings).serverUrls[server];
      const described = describeError(toErrorData(error), server, url, pageOrigin);
      scheduleRecheck(server);
      return set(server, { status: 'error', models: [], error: described, checkedAt: Date.now() });
    } finally {
      if (inFlight.get(server) === controller) inFlight.delete(server);
    }
  }

  function set(server: ServerId, value: ServerConnection): ServerConnection {
    state.update((all) => ({ ...all, [server]: value }));
    return value;
  }

  return {
    subscribe: state.subscribe,
    refresh: (server) => refresh(server),
    answerEnded(server, streamed) {
      if (streamed) {
        const now = get(state)[server];
        cancelRecheck(server);
        set(server, { ...now, status: 'ok', checkedAt: Date.now() });
      }
      void refresh(server);
    },
  };
}
