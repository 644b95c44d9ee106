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
  /** Lists the server's models (a connection check); a newer call cancels an older one. */
  refresh(server: ServerId): Promise<ServerConnection>;
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
): ConnectionsStore {
  const unknown = (): ServerConnection => ({ status: 'unknown', models: [] });
  const initial = Object.fromEntries(SERVER_IDS.map((id) => [id, unknown()])) as Record<
    string,
    ServerConnection
  >;
  const state = writable(initial as ConnectionsState);
  const inFlight = new Map<ServerId, AbortController>();

  function set(server: ServerId, value: ServerConnection): ServerConnection {
    state.update((all) => ({ ...all, [server]: value }));
    return value;
  }

  return {
    subscribe: state.subscribe,
    async refresh(server) {
      inFlight.get(server)?.abort();
      const controller = new AbortController();
      inFlight.set(server, controller);
      const previous = get(state)[server];
      set(server, { ...previous, status: 'checking' });
      try {
        const models = await transport.listModels(settings.target(server), controller.signal);
        if (controller.signal.aborted) return get(state)[server];
        return set(server, { status: 'ok', models, checkedAt: Date.now() });
      } catch (error) {
        if (controller.signal.aborted) return get(state)[server];
        const url = get(settings).serverUrls[server];
        const described = describeError(toErrorData(error), server, url, pageOrigin);
        return set(server, { status: 'error', models: [], error: described, checkedAt: Date.now() });
      } finally {
        if (inFlight.get(server) === controller) inFlight.delete(server);
      }
    },
  };
}
