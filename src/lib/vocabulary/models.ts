/**
 * Model management in Brook's words: what a page can ask of a server's models (download,
 * delete, load, unload, list what is in memory) and what comes back. Providers map these to
 * each server's API (Ollama /api/pull…, LM Studio's REST and SDK); nothing above the worker
 * sees a wire format.
 */

/** One thing to do with a server's models. */
export type ModelOperation =
  /**
   * Download (Ollama /api/pull, LM Studio /api/v1/models/download); pulling a name again
   * continues a download that stopped (Ollama) or watches the one still running (LM Studio).
   */
  | { op: 'pull'; model: string }
  /** Remove the model's files from the server. */
  | { op: 'delete'; model: string }
  /** Load into memory, with a context length where the server takes one at load time. */
  | { op: 'load'; model: string; contextLength?: number }
  /** Free its memory now (Ollama `keep_alive: 0`; LM Studio unloads every instance of it). */
  | { op: 'unload'; model: string }
  /** The models in memory now. */
  | { op: 'list-loaded' };

export type ModelOperationKind = ModelOperation['op'];

/** The model an operation is about (none for the loaded list), e.g. for its failure message. */
export function operatedModel(operation: ModelOperation): string | undefined {
  return operation.op === 'list-loaded' ? undefined : operation.model;
}

/** Where a long operation (a download, a load) is: the server's status line and, when known, bytes. */
export interface ModelProgress {
  /** The server's own words for the step, e.g. "pulling manifest", "verifying sha256 digest". */
  status: string;
  /** Bytes done and expected over every part seen so far (a pull's layers add up). */
  completedBytes?: number;
  totalBytes?: number;
  /** 0..1 when the server gives a fraction rather than bytes (LM Studio's load). */
  fraction?: number;
}

/** A model in memory, as the server describes it. */
export interface LoadedModel {
  id: string;
  /** Memory it takes in all, and the part of it on the GPU. */
  sizeBytes?: number;
  vramBytes?: number;
  /** When the server will unload it unless it is used again (ISO time). */
  expiresAt?: string;
  /** The server said it stays until unloaded (Ollama `keep_alive: -1`); absent with no expiry: not said. */
  staysUntilUnloaded?: boolean;
  /** The context it was loaded with, in tokens. */
  contextLength?: number;
}

/** What an operation gave back: only `list-loaded` carries data. */
export type ModelOperationResult =
  { op: 'list-loaded'; models: LoadedModel[] } | { op: Exclude<ModelOperationKind, 'list-loaded'> };

/** Model management one server offers: which operations, and running one. */
export interface ModelManager {
  readonly operations: readonly ModelOperationKind[];
  run(
    operation: ModelOperation,
    onProgress: (progress: ModelProgress) => void,
    signal: AbortSignal,
  ): Promise<ModelOperationResult>;
}
