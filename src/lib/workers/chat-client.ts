import { ProviderError, type ProviderErrorData } from '../providers/errors';
import type { ModelInfo, OutgoingMessage } from '../vocabulary/chat';
import type { DiscoveredServer } from '../servers/discovery';
import type { ModelOperation, ModelOperationResult, ModelProgress } from '../vocabulary/models';
import type {
  ChunkPayload,
  GenerationSettings,
  ServerTarget,
  WorkerRequest,
  WorkerResponse,
} from './protocol';

export type CompletePayload = Extract<WorkerResponse, { type: 'complete' }>;

export interface StreamHandlers {
  onChunk(chunk: ChunkPayload): void;
  onComplete(done: CompletePayload): void;
  onError(error: ProviderErrorData): void;
}

export interface SendParams {
  server: ServerTarget;
  model?: string;
  messages: OutgoingMessage[];
  settings: GenerationSettings;
}

/** A Worker or a MessagePort: what the client talks through. */
export interface ClientPort {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerResponse>) => void): void;
  start?(): void;
  terminate?(): void;
  close?(): void;
}

type Pending =
  | { kind: 'stream'; handlers: StreamHandlers }
  | { kind: 'models'; resolve(models: ModelInfo[]): void; reject(error: ProviderError): void }
  | { kind: 'discover'; resolve(servers: DiscoveredServer[]): void }
  | {
      kind: 'model-op';
      onProgress(progress: ModelProgress): void;
      resolve(result: ModelOperationResult): void;
      reject(error: ProviderError): void;
    };

let counter = 0;
function nextRequestId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}`;
}

/** The main thread's side of the worker protocol: routes each message to its request. */
export class ChatClient {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly port: ClientPort) {
    port.addEventListener('message', (event) => this.receive(event.data));
    port.start?.();
  }

  /** Starts the chat worker (a module Web Worker that owns every provider call). */
  static spawn(): ChatClient {
    const worker = new Worker(new URL('./chat-worker.ts', import.meta.url), {
      type: 'module',
      name: 'brook-chat',
    });
    return new ChatClient(worker as unknown as ClientPort);
  }

  send(params: SendParams, handlers: StreamHandlers): { requestId: string; cancel(): void } {
    const requestId = nextRequestId();
    this.pending.set(requestId, { kind: 'stream', handlers });
    const request: WorkerRequest = { type: 'send', requestId, ...params };
    this.port.postMessage(request);
    return { requestId, cancel: () => this.cancel(requestId) };
  }

  cancel(requestId: string): void {
    if (this.pending.has(requestId)) this.port.postMessage({ type: 'cancel', requestId });
  }

  listModels(server: ServerTarget, signal?: AbortSignal): Promise<ModelInfo[]> {
    const requestId = nextRequestId();
    return new Promise<ModelInfo[]>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new ProviderError('aborted', 'Stopped.', { provider: server.kind }));
        return;
      }
      signal?.addEventListener('abort', () => this.cancel(requestId), { once: true });
      this.pending.set(requestId, { kind: 'models', resolve, reject });
      this.port.postMessage({ type: 'list-models', requestId, server });
    });
  }

  /**
   * Runs a model operation in the worker. Aborting `signal` stops it (a pull closes its
   * connection) and rejects with kind 'aborted' once the worker has stopped.
   */
  modelOperation(
    server: ServerTarget,
    operation: ModelOperation,
    onProgress: (progress: ModelProgress) => void,
    signal?: AbortSignal,
  ): Promise<ModelOperationResult> {
    const requestId = nextRequestId();
    return new Promise<ModelOperationResult>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new ProviderError('aborted', 'Stopped.', { provider: server.kind }));
        return;
      }
      signal?.addEventListener('abort', () => this.cancel(requestId), { once: true });
      this.pending.set(requestId, { kind: 'model-op', onProgress, resolve, reject });
      this.port.postMessage({ type: 'model-op', requestId, server, operation });
    });
  }

  /** Servers answering on their documented ports of 127.0.0.1; [] when stopped. */
  discover(pageOrigin: string, signal?: AbortSignal): Promise<DiscoveredServer[]> {
    const requestId = nextRequestId();
    return new Promise<DiscoveredServer[]>((resolve) => {
      if (signal?.aborted) return resolve([]);
      signal?.addEventListener(
        'abort',
        () => {
          this.cancel(requestId);
          // A worker that never answers must not leave the search open.
          if (this.pending.delete(requestId)) resolve([]);
        },
        { once: true },
      );
      this.pending.set(requestId, { kind: 'discover', resolve });
      this.port.postMessage({ type: 'discover', requestId, pageOrigin });
    });
  }

  dispose(): void {
    this.port.terminate?.();
    this.port.close?.();
    this.pending.clear();
  }

  private receive(message: WorkerResponse): void {
    const pending = this.pending.get(message.requestId);
    if (!pending) return; // a late message for a finished request: ignore it
    if (pending.kind === 'discover') {
      this.pending.delete(message.requestId);
      pending.resolve(message.type === 'discovered' ? message.servers : []);
      return;
    }
    if (pending.kind === 'model-op') {
      if (message.type === 'model-progress') return pending.onProgress(message.progress);
      this.pending.delete(message.requestId);
      if (message.type === 'model-op-done') pending.resolve(message.result);
      else if (message.type === 'model-op-error') pending.reject(ProviderError.fromData(message.error));
      return;
    }
    if (pending.kind === 'models') {
      this.pending.delete(message.requestId);
      if (message.type === 'models') pending.resolve(message.models);
      else if (message.type === 'models-error') pending.reject(ProviderError.fromData(message.error));
      return;
    }
    switch (message.type) {
      case 'chunk':
        pending.handlers.onChunk(message);
        break;
      case 'complete':
        this.pending.delete(message.requestId);
        pending.handlers.onComplete(message);
        break;
      case 'error':
        this.pending.delete(message.requestId);
        pending.handlers.onError(message.error);
        break;
      default:
        break;
    }
  }
}
