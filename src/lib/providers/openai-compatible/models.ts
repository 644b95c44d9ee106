/**
 * What an OpenAI-compatible server says of its models beyond their ids, where it says it:
 * llama.cpp's `meta` (n_ctx_train, size) and, in router mode, `status` (loaded / unloaded …);
 * vLLM's `max_model_len`; LM Studio's own `/api/v0/models` (state, max_context_length, type
 * "vlm", quantization), read beside `/v1/models` since its OpenAI list says none of that.
 */
import { isJsonObject, type JsonObject } from '../../vocabulary/json';
import type { ModelInfo } from '../../vocabulary/chat';

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** One `/v1/models` entry (its `id` already checked). */
export function openAIModelEntry(model: JsonObject): ModelInfo {
  const info: ModelInfo = { id: model['id'] as string };
  const meta = isJsonObject(model['meta']) ? model['meta'] : {};
  const context =
    positive(meta['n_ctx_train']) ?? positive(model['max_model_len']) ?? positive(model['context_length']);
  if (context) info.contextLength = context;
  const size = positive(meta['size']);
  if (size) info.sizeBytes = size;
  const status = isJsonObject(model['status']) ? model['status']['value'] : undefined;
  if (status === 'loaded') info.loaded = true;
  else if (typeof status === 'string') info.loaded = false; // unloaded, loading, sleeping…
  return info;
}

/** LM Studio's `/api/v0/models` reply merged into the models listed (others unchanged). */
export function withLMStudioDetails(models: ModelInfo[], reply: unknown): ModelInfo[] {
  const data = isJsonObject(reply) && Array.isArray(reply['data']) ? reply['data'] : [];
  const byId = new Map<string, JsonObject>();
  for (const entry of data)
    if (isJsonObject(entry) && typeof entry['id'] === 'string') byId.set(entry['id'], entry);
  return models.map((model) => {
    const entry = byId.get(model.id);
    if (!entry) return model;
    const out: ModelInfo = { ...model };
    if (entry['state'] === 'loaded') out.loaded = true;
    else if (entry['state'] === 'not-loaded') out.loaded = false;
    const context = positive(entry['max_context_length']);
    if (context) out.contextLength = context;
    if (typeof entry['quantization'] === 'string' && entry['quantization'])
      out.quantization = entry['quantization'];
    if (entry['type'] === 'vlm') out.capabilities = ['vision'];
    else if (entry['type'] === 'llm') out.capabilities = []; // known to take text only
    return out;
  });
}

/** Where LM Studio's own REST API lives, beside its OpenAI one (`…/v1` → `…/api/v0/models`). */
export function lmstudioModelsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/api/v0/models`;
}

/**
 * A single-model llama.cpp server (`owned_by: "llamacpp"`, no router `status`): its `/props`
 * says the context each request slot has (`default_generation_settings.n_ctx`), which is what a
 * prompt must fit in; `/v1/models` gives only the trained length.
 */
export function isSingleLlamaCpp(listReply: string): boolean {
  try {
    const body: unknown = JSON.parse(listReply);
    const data = isJsonObject(body) && Array.isArray(body['data']) ? body['data'] : [];
    return (
      data.length === 1 &&
      data.every((entry) => isJsonObject(entry) && entry['owned_by'] === 'llamacpp' && !('status' in entry))
    );
  } catch {
    return false;
  }
}

/** `/props` beside `/v1` (`…/v1` → `…/props`). */
export function llamaCppPropsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/props`;
}

/** The slot context from llama.cpp's `/props` reply put on its model (others unchanged). */
export function withLlamaCppContext(models: ModelInfo[], reply: unknown): ModelInfo[] {
  const settings = isJsonObject(reply) ? reply['default_generation_settings'] : undefined;
  const context = isJsonObject(settings) ? positive(settings['n_ctx']) : undefined;
  return context ? models.map((model) => ({ ...model, loadedContextLength: context })) : models;
}
