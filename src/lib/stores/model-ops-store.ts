/**
 * Model management as the views see it: downloads in progress (on any server, whatever chat is
 * open), and per server the models in memory and the one operation on a model running now.
 * Every call goes through the chat worker (transport.modelOperation); when one changes what a
 * server has, its model list is read again, so the pickers follow.
 */
import { get, writable, type Readable } from 'svelte/store';
import type { LoadedModel, ModelOperation, ModelProgress } from '../vocabulary/models';
import type { MessageError } from '../vocabulary/records';
import type { ServerId } from '../servers/server';
import { toErrorData, type ConnectionsStore } from './connections-store';
import { DownloadRate } from './download-rate';
import { describeError } from './error-hints';
import type { SettingsStore } from './settings-store';
import type { ChatTransport } from './transport';

export type PullPhase = 'running' | 'stopped' | 'failed' | 'done';

export interface PullState {
  server: ServerId;
  model: string;
  phase: PullPhase;
  progress: ModelProgress;
  bytesPerSecond?: number;
  secondsLeft?: number;
  error?: MessageError;
}

/** An operation on one model of a server, while it runs. */
export type ModelBusy = 'deleting' | 'loading' | 'unloading';

export interface ServerModels {
  /** In memory now; undefined until asked (or when the server cannot say). */
  loaded?: LoadedModel[];
  busy: Readonly<Record<string, ModelBusy>>;
  /** How far a running operation is (a load's share, when the server says), by model. */
  progress: Readonly<Record<string, ModelProgress>>;
  /** The last operation's failure, in words that say what to do. */
  error?: MessageError;
}

export interface ModelOpsState {
  pulls: readonly PullState[];
  servers: Readonly<Record<ServerId, ServerModels>>;
}

export interface ModelOpsStore extends Readable<ModelOpsState> {
  /** Starts (or, after a stop or failure, resumes) a download. */
  pull(server: ServerId, model: string): Promise<void>;
  stopPull(server: ServerId, model: string): void;
  /** Takes a finished, stopped or failed download off the list. */
  dismissPull(server: ServerId, model: string): void;
  remove(server: ServerId, model: string): Promise<boolean>;
  load(server: ServerId, model: string, contextLength?: number): Promise<boolean>;
  unload(server: ServerId, model: string): Promise<boolean>;
  refreshLoaded(server: ServerId): Promise<void>;
  clearError(server: ServerId): void;
}

const IDLE: ServerModels = Object.freeze({
  busy: Object.freeze({}),
  progress: Object.freeze({}),
}) as ServerModels;

export function serverModelsOf(state: ModelOpsState, server: ServerId): ServerModels {
  return state.servers[server] ?? IDLE;
}

/** The downloads of one server that are running now. */
export function runningPulls(state: ModelOpsState, server: ServerId): PullState[] {
  return state.pulls.filter((pull) => pull.server === server && pull.phase === 'running');
}

export function createModelOpsStore(
  transport: ChatTransport,
  settings: SettingsStore,
  connections: ConnectionsStore,
  pageOrigin: string,
  now: () => number = Date.now,
): ModelOpsStore {
  const state = writable<ModelOpsState>({ pulls: [], servers: {} });
  const pullControllers = new Map<string, AbortController>();
  const key = (server: ServerId, model: string) => JSON.stringify([server, model]);

  function updatePull(server: ServerId, model: string, change: (pull: PullState) => PullState): void {
    state.update((all) => ({
      ...all,
      pulls: all.pulls.map((pull) => (pull.server === server && pull.model === model ? change(pull) : pull)),
    }));
  }

  function updateServer(server: ServerId, change: (models: ServerModels) => ServerModels): void {
    state.update((all) => ({
      ...all,
      servers: { ...all.servers, [server]: change(serverModelsOf(all, server)) },
    }));
  }

  function failure(server: ServerId, error: unknown): MessageError {
    const target = settings.target(server);
    const data = toErrorData(error);
    return target ? describeError(data, target, pageOrigin) : { kind: data.kind, message: data.message };
  }

  async function pull(server: ServerId, model: string): Promise<void> {
    const id = key(server, model);
    const target = settings.target(server);
    if (!target || pullControllers.has(id)) return;
    const controller = new AbortController();
    pullControllers.set(id, controller);
    const fresh: PullState = { server, model, phase: 'running', progress: { status: 'starting' } };
    state.update((all) => ({
      ...all,
      pulls: [...all.pulls.filter((p) => !(p.server === server && p.model === model)), fresh],
    }));
    const rate = new DownloadRate();
    const onProgress = (progress: ModelProgress) =>
      updatePull(server, model, (current) => {
        const figures =
          progress.completedBytes === undefined
            ? {}
            : rate.add(progress.completedBytes, progress.totalBytes, now());
        const next: PullState = { ...current, progress };
        delete next.bytesPerSecond;
        delete next.secondsLeft;
        return { ...next, ...figures };
      });
    try {
      await transport.modelOperation(target, { op: 'pull', model }, onProgress, controller.signal);
      updatePull(server, model, (current) => ({ ...current, phase: 'done' }));
      void connections.refresh(server);
    } catch (error) {
      const stopped = controller.signal.aborted || toErrorData(error).kind === 'aborted';
      updatePull(server, model, (current) =>
        stopped
          ? { ...current, phase: 'stopped' }
          : { ...current, phase: 'failed', error: failure(server, error) },
      );
    } finally {
      pullControllers.delete(id);
    }
  }

  /** One operation on a model; the model is marked busy while it runs. */
  async function operate(
    server: ServerId,
    model: string,
    busy: ModelBusy,
    operation: ModelOperation,
  ): Promise<boolean> {
    const target = settings.target(server);
    if (!target || serverModelsOf(get(state), server).busy[model]) return false;
    updateServer(server, (current) => {
      const next: ServerModels = { ...current, busy: { ...current.busy, [model]: busy } };
      delete next.error;
      return next;
    });
    let ok = true;
    const onProgress = (progress: ModelProgress) =>
      updateServer(server, (current) => ({
        ...current,
        progress: { ...current.progress, [model]: progress },
      }));
    try {
      await transport.modelOperation(target, operation, onProgress);
    } catch (error) {
      ok = false;
      const described = failure(server, error);
      updateServer(server, (current) => ({ ...current, error: described }));
    } finally {
      updateServer(server, (current) => {
        const rest = { ...current.busy };
        delete rest[model];
        const progress = { ...current.progress };
        delete progress[model];
        return { ...current, busy: rest, progress };
      });
    }
    // The picker shows what the server has and what is loaded: both may have changed.
    void connections.refresh(server);
    await refreshLoaded(server);
    return ok;
  }

  async function refreshLoaded(server: ServerId): Promise<void> {
    const target = settings.target(server);
    if (!target) return;
    try {
      const result = await transport.modelOperation(target, { op: 'list-loaded' }, () => undefined);
      if (result.op === 'list-loaded')
        updateServer(server, (current) => ({ ...current, loaded: result.models }));
    } catch {
      // The model list's own check reports a server that is down; this list just stays unknown.
      updateServer(server, (current) => {
        const next = { ...current };
        delete next.loaded;
        return next;
      });
    }
  }

  return {
    subscribe: state.subscribe,
    pull,
    stopPull(server, model) {
      pullControllers.get(key(server, model))?.abort();
    },
    dismissPull(server, model) {
      if (pullControllers.has(key(server, model))) return;
      state.update((all) => ({
        ...all,
        pulls: all.pulls.filter((p) => !(p.server === server && p.model === model)),
      }));
    },
    remove: (server, model) => operate(server, model, 'deleting', { op: 'delete', model }),
    load: (server, model, contextLength) =>
      operate(server, model, 'loading', {
        op: 'load',
        model,
        ...(contextLength !== undefined ? { contextLength } : {}),
      }),
    unload: (server, model) => operate(server, model, 'unloading', { op: 'unload', model }),
    refreshLoaded,
    clearError(server) {
      updateServer(server, (current) => {
        const next = { ...current };
        delete next.error;
        return next;
      });
    },
  };
}
