/**
 * What an emulated LM Studio can change about its models through its REST API v1 (LM Studio
 * 0.4, docs 1_developer/2_rest): the models downloaded (a download adds one, and /v1/models
 * lists it), the instances in memory with the context each was loaded with (a chat loads its
 * model just in time, as LM Studio does), and download jobs that move one step each time their
 * status is read, so a test sets the pace without timers. Every load and unload is recorded.
 */

/** A model LM Studio's catalog has for download. */
export interface CatalogModel {
  key: string;
  sizeBytes: number;
  maxContextLength: number;
}

export const DEFAULT_CATALOG: CatalogModel[] = [
  { key: 'ibm/granite-4-micro', sizeBytes: 2_279_145_003, maxContextLength: 131072 },
  { key: 'google/gemma-3-1b', sizeBytes: 720_425_472, maxContextLength: 32768 },
];

/** How the next downloads go. */
export interface DownloadScript {
  /** Status reads until the download completes (default 3). */
  steps?: number;
  /** After this many status reads, the job reports `failed`. */
  failAfterSteps?: number;
  /** After this many status reads, the job reports `paused`. */
  pauseAfterSteps?: number;
}

export interface DownloadJobState {
  jobId: string;
  model: string;
  totalBytes: number;
  reads: number;
  status: 'downloading' | 'paused' | 'completed' | 'failed';
  startedAt: string;
  completedAt?: string;
}

interface Reply {
  status: number;
  body: unknown;
}

/** LM Studio loads a model with this context unless asked for another. */
export const DEFAULT_LOAD_CONTEXT = 4096;
const DEFAULT_MAX_CONTEXT = 32768;

function v1Error(status: number, type: string, message: string): Reply {
  return { status, body: { error: { type, message } } };
}

export class LMStudioRestLibrary {
  /** Model keys on disk; the chat route and /v1/models read this same array. */
  readonly downloaded: string[];
  /** Instances in memory by model key. */
  readonly loaded = new Map<string, { instanceId: string; contextLength: number }>();
  readonly catalog: CatalogModel[];
  readonly jobs = new Map<string, DownloadJobState>();
  downloadScript: DownloadScript = {};
  /** Bodies of POST /api/v1/models/load, oldest first. */
  readonly loadRequests: Record<string, unknown>[] = [];
  /** Instance ids unloaded, oldest first. */
  readonly unloads: string[] = [];
  /** While true, a load waits until `releaseLoads()` (to see "Loading…" in a test). */
  holdLoads = false;
  private heldLoads: (() => void)[] = [];
  private readonly sizes = new Map<string, number>();
  private readonly maxContexts = new Map<string, number>();

  constructor(models: string[], loadedAtStart: readonly string[], catalog: CatalogModel[] = DEFAULT_CATALOG) {
    this.downloaded = models;
    this.catalog = catalog;
    for (const key of loadedAtStart) this.loadInstance(key, DEFAULT_LOAD_CONTEXT);
  }

  isLoaded(key: string): boolean {
    return this.loaded.has(key);
  }

  /** A chat asked for `key`: LM Studio loads it just in time. */
  use(key: string): void {
    if (!this.loaded.has(key)) this.loadInstance(key, DEFAULT_LOAD_CONTEXT);
  }

  releaseLoads(): void {
    const held = this.heldLoads;
    this.heldLoads = [];
    for (const release of held) release();
  }

  /** GET /api/v1/models, in the documented shape. */
  models(isVision: (key: string, index: number) => boolean): unknown {
    return {
      models: this.downloaded.map((key, index) => {
        const instance = this.loaded.get(key);
        return {
          type: 'llm',
          publisher: key.includes('/') ? key.split('/')[0] : 'lmstudio-community',
          key,
          display_name: key.split('/').at(-1) ?? key,
          architecture: 'qwen2',
          quantization: { name: 'Q4_K_M', bits_per_weight: 4 },
          size_bytes: this.sizeOf(key),
          params_string: null,
          loaded_instances: instance
            ? [{ id: instance.instanceId, config: { context_length: instance.contextLength, parallel: 4 } }]
            : [],
          max_context_length: this.maxContextOf(key),
          format: 'gguf',
          capabilities: { vision: isVision(key, index), trained_for_tool_use: false },
          description: null,
        };
      }),
    };
  }

  /** POST /api/v1/models/download. */
  download(body: unknown): Reply {
    const model =
      typeof (body as { model?: unknown })?.model === 'string' ? (body as { model: string }).model : '';
    if (model === '') return v1Error(400, 'invalid_request', '"model" is required');
    const running = [...this.jobs.values()].find(
      (job) => job.model === model && job.status === 'downloading',
    );
    if (running) return { status: 200, body: this.jobBody(running) };
    if (this.downloaded.includes(model)) return { status: 200, body: { status: 'already_downloaded' } };
    const entry = this.catalog.find((candidate) => candidate.key === model);
    if (!entry) return v1Error(404, 'model_not_found', `Model "${model}" was not found in the catalog`);
    const job: DownloadJobState = {
      jobId: `job_${(this.jobs.size + 1).toString(16).padStart(10, '0')}`,
      model,
      totalBytes: entry.sizeBytes,
      reads: 0,
      status: 'downloading',
      startedAt: new Date().toISOString(),
    };
    this.jobs.set(job.jobId, job);
    const { downloaded_bytes: _unsent, ...started } = this.jobBody(job) as Record<string, unknown>;
    return { status: 200, body: started };
  }

  /** GET /api/v1/models/download/status/:job_id: each read moves the job one step. */
  status(jobId: string): Reply {
    const job = this.jobs.get(jobId);
    if (!job) return v1Error(404, 'job_not_found', `No download job with id "${jobId}"`);
    if (job.status === 'downloading') {
      job.reads += 1;
      const script = this.downloadScript;
      if (script.failAfterSteps !== undefined && job.reads >= script.failAfterSteps) job.status = 'failed';
      else if (script.pauseAfterSteps !== undefined && job.reads >= script.pauseAfterSteps)
        job.status = 'paused';
      else if (job.reads >= (script.steps ?? 3)) {
        job.status = 'completed';
        job.completedAt = new Date().toISOString();
        const entry = this.catalog.find((candidate) => candidate.key === job.model);
        if (entry) {
          this.sizes.set(entry.key, entry.sizeBytes);
          this.maxContexts.set(entry.key, entry.maxContextLength);
        }
        this.downloaded.push(job.model);
      }
    }
    return { status: 200, body: this.jobBody(job) };
  }

  /** POST /api/v1/models/load. */
  async load(body: unknown): Promise<Reply> {
    const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    this.loadRequests.push(request);
    const model = typeof request['model'] === 'string' ? request['model'] : '';
    if (!this.downloaded.includes(model))
      return v1Error(404, 'model_not_found', `Model "${model}" not found`);
    const context = request['context_length'];
    if (context !== undefined && (typeof context !== 'number' || !Number.isInteger(context) || context < 1))
      return v1Error(400, 'invalid_request', '"context_length" must be a positive integer');
    if (this.holdLoads) await new Promise<void>((resolve) => this.heldLoads.push(resolve));
    const instance = this.loadInstance(model, typeof context === 'number' ? context : DEFAULT_LOAD_CONTEXT);
    return {
      status: 200,
      body: { type: 'llm', instance_id: instance.instanceId, load_time_seconds: 1.25, status: 'loaded' },
    };
  }

  /** POST /api/v1/models/unload. */
  unload(body: unknown): Reply {
    const id = (body as { instance_id?: unknown } | null)?.instance_id;
    const entry = [...this.loaded.entries()].find(([, instance]) => instance.instanceId === id);
    if (!entry) return v1Error(404, 'model_not_found', `No loaded model instance with id "${String(id)}"`);
    this.loaded.delete(entry[0]);
    this.unloads.push(String(id));
    return { status: 200, body: { instance_id: id } };
  }

  private loadInstance(key: string, contextLength: number): { instanceId: string; contextLength: number } {
    const instance = { instanceId: key, contextLength };
    this.loaded.set(key, instance);
    return instance;
  }

  private sizeOf(key: string): number {
    return this.sizes.get(key) ?? 2_497_280_256;
  }

  private maxContextOf(key: string): number {
    return this.maxContexts.get(key) ?? DEFAULT_MAX_CONTEXT;
  }

  private jobBody(job: DownloadJobState): unknown {
    const done =
      job.status === 'completed'
        ? job.totalBytes
        : Math.floor((job.totalBytes * job.reads) / (this.downloadScript.steps ?? 3));
    return {
      job_id: job.jobId,
      status: job.status,
      total_size_bytes: job.totalBytes,
      downloaded_bytes: done,
      started_at: job.startedAt,
      ...(job.status === 'downloading' ? { bytes_per_second: 52_428_800 } : {}),
      ...(job.completedAt ? { completed_at: job.completedAt } : {}),
    };
  }
}
