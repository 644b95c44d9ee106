/**
 * The models an emulated Ollama "has", and its /api/tags and /api/show replies
 * (api/types.go ListModelResponse, ModelDetails, ShowResponse).
 */

export interface OllamaModelEntry {
  /** Full name with tag, e.g. "llama3.2:latest". */
  name: string;
  family: string;
  parameterSize: string;
  quantization: string;
  sizeBytes: number;
  capabilities: string[];
  /** The model's trained context (`model_info["<arch>.context_length"]`). */
  contextLength?: number;
}

export const DEFAULT_OLLAMA_MODELS: OllamaModelEntry[] = [
  {
    name: 'llama3.2:latest',
    family: 'llama',
    parameterSize: '3.2B',
    quantization: 'Q4_K_M',
    sizeBytes: 2_019_393_189,
    capabilities: ['completion', 'tools'],
    contextLength: 131072,
  },
  {
    name: 'qwen3:0.6b',
    family: 'qwen3',
    parameterSize: '751.63M',
    quantization: 'Q4_K_M',
    sizeBytes: 522_653_767,
    capabilities: ['completion', 'tools', 'thinking'],
    contextLength: 40960,
  },
];

const MODIFIED_AT = '2025-06-01T10:00:00.000000000Z';

/** Ollama fills in the default tag: "llama3.2" is "llama3.2:latest". */
export function withDefaultTag(name: string): string {
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? name : `${name}:latest`;
}

export function findModel(models: readonly OllamaModelEntry[], name: string): OllamaModelEntry | undefined {
  const full = withDefaultTag(name);
  return models.find((model) => model.name === full);
}

function details(model: OllamaModelEntry): Record<string, unknown> {
  return {
    parent_model: '',
    format: 'gguf',
    family: model.family,
    families: [model.family],
    parameter_size: model.parameterSize,
    quantization_level: model.quantization,
  };
}

function digestOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(16).padStart(8, '0').repeat(8);
}

export function tagsBody(models: readonly OllamaModelEntry[]): unknown {
  return {
    models: models.map((model) => ({
      name: model.name,
      model: model.name,
      modified_at: MODIFIED_AT,
      size: model.sizeBytes,
      digest: digestOf(model.name),
      details: details(model),
    })),
  };
}

export function showBody(model: OllamaModelEntry): unknown {
  return {
    license: '',
    modelfile: `FROM ${model.name}\n`,
    parameters: 'stop "<|eot_id|>"',
    template: '{{ .Prompt }}',
    details: details(model),
    model_info: {
      'general.architecture': model.family,
      'general.parameter_count': 0,
      ...(model.contextLength ? { [`${model.family}.context_length`]: model.contextLength } : {}),
    },
    capabilities: model.capabilities,
    modified_at: MODIFIED_AT,
  };
}

/** /api/ps: the models in memory now (api/types.go ProcessModelResponse); Infinity: keep_alive -1. */
export function psBody(
  loaded: readonly { model: OllamaModelEntry; expiresAt: number }[],
  vramShare = 1,
): unknown {
  return {
    models: loaded.map(({ model, expiresAt }) => ({
      name: model.name,
      model: model.name,
      size: model.sizeBytes,
      digest: digestOf(model.name),
      details: details(model),
      // Go's zero-padded time far in the future is what Ollama shows for "never".
      expires_at: Number.isFinite(expiresAt)
        ? new Date(expiresAt).toISOString()
        : '2318-08-14T09:03:24.000000000Z',
      size_vram: Math.round(model.sizeBytes * vramShare),
      context_length: 4096,
    })),
  };
}
