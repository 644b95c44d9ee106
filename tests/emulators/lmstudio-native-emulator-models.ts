/**
 * Model-info objects as LM Studio sends them. They are supersets: every field @lmstudio/sdk
 * 1.5.0 validates, plus the ones 2.0.0 requires (`publisher`, `indexedModelIdentifier`,
 * `deviceIdentifier`, and for instances `ttlMs`, `lastUsedTime`), which 1.5.0 ignores. A field
 * missing or of the wrong type makes the SDK drop the message and hang (lmstudio-native.md §4.4).
 */

/** A downloaded model the emulator knows about. */
export interface EmulatedModel {
  type: 'llm' | 'embedding';
  modelKey: string;
  displayName: string;
  /** `publisher/repo/file`; the SDK also accepts this as a key in `model(key)`. */
  path: string;
  sizeBytes: number;
  paramsString?: string;
  architecture?: string;
  quantization?: { name: string; bits: number };
  maxContextLength: number;
  vision?: boolean;
  trainedForToolUse?: boolean;
}

export const DEFAULT_MODELS: EmulatedModel[] = [
  {
    type: 'llm',
    modelKey: 'qwen2.5-7b-instruct',
    displayName: 'Qwen2.5 7B Instruct',
    path: 'lmstudio-community/Qwen2.5-7B-Instruct-GGUF/Qwen2.5-7B-Instruct-Q4_K_M.gguf',
    sizeBytes: 4683073952,
    paramsString: '7B',
    architecture: 'qwen2',
    quantization: { name: 'Q4_K_M', bits: 4 },
    maxContextLength: 32768,
    trainedForToolUse: true,
  },
  {
    type: 'llm',
    modelKey: 'llama-3.2-1b-instruct',
    displayName: 'Llama 3.2 1B Instruct',
    path: 'lmstudio-community/Llama-3.2-1B-Instruct-GGUF/Llama-3.2-1B-Instruct-Q8_0.gguf',
    sizeBytes: 1321082528,
    paramsString: '1B',
    architecture: 'llama',
    quantization: { name: 'Q8_0', bits: 8 },
    maxContextLength: 131072,
  },
  {
    type: 'embedding',
    modelKey: 'text-embedding-nomic-embed-text-v1.5',
    displayName: 'Nomic Embed Text v1.5',
    path: 'nomic-ai/nomic-embed-text-v1.5-GGUF/nomic-embed-text-v1.5.Q4_K_M.gguf',
    sizeBytes: 84106624,
    architecture: 'nomic-bert',
    maxContextLength: 2048,
  },
];

/** Loaded at start unless the test says otherwise. */
export const DEFAULT_LOADED = ['qwen2.5-7b-instruct'];

export const CONTEXT_LENGTH = 4096;

/** `ModelInfo` (listDownloadedModels items, getOrLoad `startLoading.info`). */
export function modelInfo(model: EmulatedModel): Record<string, unknown> {
  const info: Record<string, unknown> = {
    type: model.type,
    modelKey: model.modelKey,
    format: 'gguf',
    displayName: model.displayName,
    path: model.path,
    sizeBytes: model.sizeBytes,
    maxContextLength: model.maxContextLength,
    publisher: model.path.split('/')[0] ?? 'local',
    indexedModelIdentifier: model.path,
    deviceIdentifier: null,
  };
  if (model.paramsString !== undefined) info.paramsString = model.paramsString;
  if (model.architecture !== undefined) info.architecture = model.architecture;
  if (model.quantization !== undefined) info.quantization = model.quantization;
  if (model.type === 'llm') {
    info.vision = model.vision ?? false;
    info.trainedForToolUse = model.trainedForToolUse ?? false;
  }
  return info;
}

/** The opaque handle later calls use (`{type:'instanceReference', instanceReference}`). */
export function instanceReferenceOf(model: EmulatedModel): string {
  return `inst-ref:${model.modelKey}`;
}

/** Instance info (getModelInfo, listLoaded, alreadyLoaded/loadSuccess, predict `success.modelInfo`). */
export function instanceInfo(model: EmulatedModel, contextLength = CONTEXT_LENGTH): Record<string, unknown> {
  return {
    ...modelInfo(model),
    identifier: model.modelKey,
    instanceReference: instanceReferenceOf(model),
    contextLength,
    ttlMs: null,
    lastUsedTime: null,
  };
}
