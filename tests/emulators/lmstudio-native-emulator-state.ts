import type { Scenario, SeenRequest } from './scenario';
import { DEFAULT_LOADED, DEFAULT_MODELS, type EmulatedModel } from './lmstudio-native-emulator-models';

/** Server-wide knobs (the per-request script is the `Scenario`). */
export interface LMStudioNativeEmulatorOptions {
  /** Downloaded models (LLMs and embeddings). */
  models?: EmulatedModel[];
  /** Model keys loaded at start; `[]` means nothing loaded. */
  loaded?: string[];
  /** LM Studio's "Enable CORS". Off: a WebSocket upgrade carrying an `Origin` header gets 403. Default on. */
  cors?: boolean;
  /** Refuse every client's auth packet with this error (`{success:false,error}`). */
  authError?: string;
  /** Answer a `cancel` with `success{stopReason:'userStopped'}` (the real server does). Default true. */
  answerCancel?: boolean;
  /** What `system/version` reports. */
  version?: string;
}

/** A `cancel` the emulator received on a channel. */
export interface SeenCancel {
  /** `/llm/predict`, `/llm/getOrLoad`. */
  path: string;
  channelId: number;
  /** Answer fragments already sent on that channel when the cancel arrived. */
  fragmentsSent: number;
}

/** A prediction running on a model, which an unload ends (stopReason `modelUnloaded`). */
export interface RunningPrediction {
  readonly modelKey: string;
  unload(): void;
}

/** Everything the connections share: the script, the models, and what was seen. */
export class EmulatorState {
  scenario: Scenario = {};
  readonly options: Required<Omit<LMStudioNativeEmulatorOptions, 'authError' | 'models' | 'loaded'>> & {
    authError?: string;
  };
  readonly models: EmulatedModel[];
  readonly loaded: Set<string>;
  /** Context of each loaded instance, when loaded with one other than the default. */
  readonly contextLengths = new Map<string, number>();
  readonly runningPredictions = new Set<RunningPrediction>();
  /** `loadModel` creation parameters, oldest first. */
  readonly loadRequests: Record<string, unknown>[] = [];
  /** Identifiers `unloadModel` unloaded, oldest first. */
  readonly unloads: string[] = [];
  /** While true, a `loadModel` sends its first progress and waits for `releaseLoads()`. */
  holdLoads = false;
  private heldLoads: (() => void)[] = [];
  readonly requests: SeenRequest[] = [];
  readonly cancellations: SeenCancel[] = [];
  /** Warnings the SDK sent back: it rejected something the emulator sent. Always a bug. */
  readonly communicationWarnings: string[] = [];
  /** Things a client did that the real server would not accept or would ignore. */
  readonly protocolErrors: string[] = [];
  private readonly watchers = new Set<() => void>();

  constructor(options: LMStudioNativeEmulatorOptions) {
    this.models = options.models ?? DEFAULT_MODELS;
    this.loaded = new Set(options.loaded ?? DEFAULT_LOADED);
    this.options = {
      cors: options.cors ?? true,
      answerCancel: options.answerCancel ?? true,
      version: options.version ?? '0.3.23',
    };
    if (options.authError !== undefined) this.options.authError = options.authError;
  }

  /** A downloaded model by key or path. */
  findModel(keyOrPath: string): EmulatedModel | undefined {
    return this.models.find((model) => model.modelKey === keyOrPath || model.path === keyOrPath);
  }

  /** Lets every held load go on. */
  releaseLoads(): void {
    const held = this.heldLoads;
    this.heldLoads = [];
    for (const release of held) release();
  }

  /** Resolves when loads are not held (at once), or at the next `releaseLoads()`. */
  loadGate(): Promise<void> {
    if (!this.holdLoads) return Promise.resolve();
    return new Promise((resolve) => this.heldLoads.push(resolve));
  }

  /** Takes a model out of memory; predictions on it end as LM Studio ends them. */
  unload(modelKey: string): void {
    this.loaded.delete(modelKey);
    this.contextLengths.delete(modelKey);
    for (const run of [...this.runningPredictions]) if (run.modelKey === modelKey) run.unload();
    this.unloads.push(modelKey);
    this.changed();
  }

  loadedModels(): EmulatedModel[] {
    return this.models.filter((model) => this.loaded.has(model.modelKey));
  }

  /** Tells waiters that something was recorded. */
  changed(): void {
    for (const watcher of [...this.watchers]) watcher();
  }

  /** Resolves once `condition()` holds; rejects after `timeoutMs` so no test hangs. */
  waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const watcher = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.watchers.delete(watcher);
        resolve();
      };
      const timer = setTimeout(() => {
        this.watchers.delete(watcher);
        reject(new Error(`LM Studio native emulator: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.watchers.add(watcher);
    });
  }
}
