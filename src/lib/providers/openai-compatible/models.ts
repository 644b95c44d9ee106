/**
 * What an OpenAI-compatible server says of its models beyond their ids, where it says it:
 * llama.cpp's `meta` (n_ctx_train, size) and, in router mode, `status` (loaded / unloaded …);
 * vLLM's `max_model_len`; LM Studio's own model list, read beside `/v1/models` since its OpenAI
 * list says none of that: its REST API v1 (LM Studio 0.4: loaded instances with their context,
 * size, vision) or, from older releases, `/api/v0/models` (state, max_context_length, "vlm").
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

/**
 * LM Studio's `GET /api/v1/models` merged into the models listed; undefined when the reply is
 * not that list (an LM Studio before 0.4: read `/api/v0/models` instead).
 */
export function withLMStudioV1Details(models: ModelInfo[], reply: unknown): ModelInfo[] | undefined {
  if (!isJsonObject(reply) || !Array.isArray(reply['models'])) return undefined;
  const byKey = new Map<string, JsonObject>();
  for (const entry of reply['models'])
    if (isJsonObject(entry) && typeof entry['key'] === 'string') byKey.set(entry['key'], entry);
  return models.map((model) => {
    const entry = byKey.get(model.id);
    if (!entry) return model;
    const out: ModelInfo = { ...model };
    const instances = Array.isArray(entry['loaded_instances']) ? entry['loaded_instances'] : [];
    out.loaded = instances.length > 0;
    const first = instances.find(isJsonObject);
    const config = first && isJsonObject(first['config']) ? first['config'] : {};
    const loadedContext = positive(config['context_length']);
    if (loadedContext) out.loadedContextLength = loadedContext;
    const context = positive(entry['max_context_length']);
    if (context) out.contextLength = context;
    const size = positive(entry['size_bytes']);
    if (size) out.sizeBytes = size;
    if (typeof entry['params_string'] === 'string' && entry['params_string'])
      out.parameterSize = entry['params_string'];
    if (typeof entry['architecture'] === 'string' && entry['architecture'])
      out.family = entry['architecture'];
    const quantization = isJsonObject(entry['quantization']) ? entry['quantization']['name'] : undefined;
    if (typeof quantization === 'string' && quantization) out.quantization = quantization;
    const capabilities = isJsonObject(entry['capabilities']) ? entry['capabilities'] : undefined;
    if (capabilities) {
      out.capabilities = [];
      if (capabilities['vision'] === true) out.capabilities.push('vision');
      if (capabilities['trained_for_tool_use'] === true) out.capabilities.push('tools');
    }
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
