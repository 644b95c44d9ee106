/**
 * What the stores need from the chat worker's client (src/lib/workers/chat-client.ts). A
 * structural type, so the stores can be tested in Node with a scripted double; the payload types
 * come from the client as type-only imports, which adds no runtime dependency.
 */
import type { ModelInfo } from '../providers';
import type { CompletePayload, SendParams, StreamHandlers } from '../workers/chat-client';
import type { DiscoveredServer } from '../servers/discovery';
import type { ServerTarget } from '../workers/protocol';
import type { ModelOperation, ModelOperationResult, ModelProgress } from '../vocabulary/models';

export type { CompletePayload, SendParams, StreamHandlers };

export interface ChatTransport {
  send(params: SendParams, handlers: StreamHandlers): { requestId: string; cancel(): void };
  /** Rejects with a ProviderError (or its data) when the server cannot be reached. */
  listModels(server: ServerTarget, signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Servers answering on their documented ports of 127.0.0.1 ("Find servers"). */
  discover(pageOrigin: string, signal?: AbortSignal): Promise<DiscoveredServer[]>;
  /** A model operation (vocabulary/models.ts); rejects with a ProviderError, kind 'aborted' when stopped. */
  modelOperation(
    server: ServerTarget,
    operation: ModelOperation,
    onProgress: (progress: ModelProgress) => void,
    signal?: AbortSignal,
  ): Promise<ModelOperationResult>;
}
