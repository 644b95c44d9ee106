/**
 * LM Studio's own REST API v1 (LM Studio 0.4, docs 1_developer/2_rest): the shapes Brook reads
 * from `GET /api/v1/models` (each model's `loaded_instances`) and from a download job
 * (`POST /api/v1/models/download`, `GET /api/v1/models/download/status/:job_id`), in Brook's
 * words. Anything unexpected is said as such, never guessed.
 */
import { isJsonObject, type JsonObject } from '../../vocabulary/json';
import type { LoadedModel, ModelProgress } from '../../vocabulary/models';

/** `…/v1` (the OpenAI base URL) → `…/api/v1/<path>`. */
export function lmstudioV1Url(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/api/v1/${path}`;
}

/** LM Studio before 0.4 answers unknown paths with HTTP 200 and this. */
export function isUnexpectedEndpoint(body: unknown): boolean {
  return (
    isJsonObject(body) && typeof body['error'] === 'string' && /^Unexpected endpoint/.test(body['error'])
  );
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** One loaded instance of a model: its id (what unload takes) and the context it was loaded with. */
export interface LoadedInstance {
  model: string;
  instanceId: string;
  contextLength?: number;
  sizeBytes?: number;
}

/** Every loaded instance in a `GET /api/v1/models` reply; undefined when it is not that reply. */
export function loadedInstances(body: unknown): LoadedInstance[] | undefined {
  if (!isJsonObject(body) || !Array.isArray(body['models'])) return undefined;
  const instances: LoadedInstance[] = [];
  for (const model of body['models']) {
    if (!isJsonObject(model) || typeof model['key'] !== 'string') continue;
    const loaded = Array.isArray(model['loaded_instances']) ? model['loaded_instances'] : [];
    for (const instance of loaded) {
      if (!isJsonObject(instance) || typeof instance['id'] !== 'string') continue;
      const config = isJsonObject(instance['config']) ? instance['config'] : {};
      const entry: LoadedInstance = { model: model['key'], instanceId: instance['id'] };
      const context = positive(config['context_length']);
      if (context) entry.contextLength = context;
      const size = positive(model['size_bytes']);
      if (size) entry.sizeBytes = size;
      instances.push(entry);
    }
  }
  return instances;
}

/** The models in memory, one entry per model (its first instance's context). */
export function loadedModels(instances: readonly LoadedInstance[]): LoadedModel[] {
  const byModel = new Map<string, LoadedModel>();
  for (const instance of instances) {
    if (byModel.has(instance.model)) continue;
    const loaded: LoadedModel = { id: instance.model };
    if (instance.sizeBytes !== undefined) loaded.sizeBytes = instance.sizeBytes;
    if (instance.contextLength !== undefined) loaded.contextLength = instance.contextLength;
    byModel.set(instance.model, loaded);
  }
  return [...byModel.values()];
}

/** A download job as LM Studio reports it. */
export type DownloadJob =
  | { status: 'already_downloaded' }
  | { status: 'downloading' | 'paused'; jobId: string; progress: ModelProgress }
  | { status: 'completed'; jobId?: string }
  | { status: 'failed'; jobId?: string; detail?: string };

/** A download or download-status reply; undefined when it is neither. */
export function downloadJob(body: unknown): DownloadJob | undefined {
  if (!isJsonObject(body)) return undefined;
  const status = body['status'];
  const jobId = typeof body['job_id'] === 'string' ? body['job_id'] : undefined;
  switch (status) {
    case 'already_downloaded':
      return { status };
    case 'completed':
      return jobId ? { status, jobId } : { status };
    case 'failed': {
      const job: DownloadJob = { status };
      if (jobId) job.jobId = jobId;
      const detail = failureDetail(body);
      if (detail) job.detail = detail;
      return job;
    }
    case 'downloading':
    case 'paused':
      return jobId ? { status, jobId, progress: jobProgress(body, status) } : undefined;
    default:
      return undefined;
  }
}

function jobProgress(body: JsonObject, status: string): ModelProgress {
  const progress: ModelProgress = { status };
  const total = positive(body['total_size_bytes']);
  const done = body['downloaded_bytes'];
  if (total !== undefined) progress.totalBytes = total;
  if (typeof done === 'number' && Number.isFinite(done) && done >= 0)
    progress.completedBytes = total !== undefined ? Math.min(done, total) : done;
  return progress;
}

/** LM Studio's words for a failed job, if it gave any (`error` as text or {message}). */
function failureDetail(body: JsonObject): string | undefined {
  const error = body['error'];
  if (typeof error === 'string' && error.trim()) return error.trim();
  if (isJsonObject(error) && typeof error['message'] === 'string') return error['message'];
  return undefined;
}
