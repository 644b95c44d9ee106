import type { ModelInfo } from '../vocabulary/chat';
import type { ServerConfig } from '../vocabulary/servers';
import { KINDS } from '../servers/kinds';
import { formatBytes } from '../attachments/format-bytes';

/** A context length as 8k, 128k, 1M. */
export function formatContext(tokens: number): string {
  if (tokens >= 1_000_000) return `${Math.round(tokens / 100_000) / 10}M`;
  return tokens >= 1000 ? `${Math.round(tokens / 1024)}k` : String(tokens);
}

/** What the server said of a model, short: size, quantization, context, capabilities, loaded. */
export function modelFacts(model: ModelInfo): string[] {
  const facts: string[] = [];
  if (model.parameterSize) facts.push(model.parameterSize);
  if (model.quantization) facts.push(model.quantization);
  if (model.sizeBytes) facts.push(formatBytes(model.sizeBytes));
  if (model.contextLength) facts.push(`${formatContext(model.contextLength)} ctx`);
  for (const capability of model.capabilities ?? []) facts.push(capability);
  if (model.loaded === true) facts.push('loaded');
  return facts;
}

/** A model file's path as a server may name the model (llama-server's id is the `-m` path). */
const MODEL_FILE_PATH = /^(?:.*[\\/])?([^\\/]+?)\.(?:gguf|ggml|bin|safetensors|llamafile)$/i;

/**
 * A model's id as people read it: the file's name when the id is the path of a model file
 * (llama-server without `--alias` names its model "/home/me/models/Qwen3-8B-Q4_K_M.gguf"), the
 * id itself otherwise ("llama3.2:latest", "lmstudio-community/Qwen2.5-7B-Instruct-GGUF"). The id
 * is still what requests, records and exports use; the full id is in the tooltip.
 */
export function modelName(id: string): string {
  const match = MODEL_FILE_PATH.exec(id);
  return match?.[1] ?? id;
}

export function modelLabel(model: ModelInfo): string {
  const name = modelName(model.name || model.id);
  const facts = modelFacts(model);
  return facts.length > 0 ? `${name} · ${facts.join(' · ')}` : name;
}

/** The full facts for a tooltip, the model's id included. */
export function modelTitle(model: ModelInfo): string {
  return [model.id, ...modelFacts(model), model.loaded === false ? 'not loaded' : '']
    .filter(Boolean)
    .join(' · ');
}

/**
 * What the composer says while images are attached, when the server's details of the chosen
 * model list its capabilities and vision is not among them (unknown: nothing is said).
 */
export function visionWarningFor(models: readonly ModelInfo[], modelId: string | undefined): string {
  const model = modelId === undefined ? undefined : models.find((m) => m.id === modelId);
  if (!model?.capabilities || model.capabilities.includes('vision')) return '';
  return `“${modelName(model.name ?? model.id)}” does not list vision among its capabilities, so it may ignore the images or refuse them. Pick a vision model (one whose details say “vision”), or send anyway.`;
}

/**
 * A server as the header's picker names it: the user's name, except that a name that is only
 * its kind's short label ("LM Studio", "LM Studio SDK") says what that kind is, so two LM Studio
 * entries read "LM Studio (OpenAI-compatible)" and "LM Studio (native SDK)".
 */
export function serverLabel(server: Pick<ServerConfig, 'name' | 'kind'>): string {
  const kind = KINDS[server.kind];
  return server.name === kind.shortLabel ? kind.label : server.name;
}

/** The picker's tooltip for a server: what it is and where. */
export function serverTitle(server: Pick<ServerConfig, 'name' | 'kind' | 'url'>): string {
  const kind = KINDS[server.kind].label;
  return [server.name, ...(server.name === kind ? [] : [kind]), server.url].join(' · ');
}
