/**
 * LM Studio's model management over its REST API v1 (LM Studio 0.4): downloads
 * (`/api/v1/models/download`, then its job's status, polled), load with an optional context
 * length, unload of every instance of a model, and the loaded list from `/api/v1/models`.
 * Requests go through the same `openai` client as chat (absolute URLs), so an API token and
 * HTTP failures are handled as for chat. LM Studio's API has no delete and no download cancel:
 * stopping a download stops watching it (kinds.ts says so to the page).
 */
import type OpenAI from 'openai';
import { abortedError, ProviderError } from '../errors';
import { badResponseError, forModel, type HttpFailureContext } from '../http/http-errors';
import { capitalize, serverName } from '../http/http-error-text';
import { guardRequest } from '../http/http-stream';
import { KINDS } from '../../servers/kinds';
import { describeOpenAIFailure } from './errors';
import {
  downloadJob,
  isUnexpectedEndpoint,
  loadedInstances,
  loadedModels,
  lmstudioV1Url,
  type DownloadJob,
  type LoadedInstance,
} from './lmstudio-v1';
import type {
  ModelManager,
  ModelOperation,
  ModelOperationKind,
  ModelOperationResult,
  ModelProgress,
} from '../../vocabulary/models';
import { operatedModel } from '../../vocabulary/models';

/** How often a running download's status is read. */
export const DOWNLOAD_POLL_MS = 1000;

export class LMStudioModelManager implements ModelManager {
  readonly operations: readonly ModelOperationKind[] = KINDS['lmstudio-rest'].modelOperations;

  constructor(
    private readonly client: OpenAI,
    private readonly baseUrl: string,
    private readonly failures: HttpFailureContext,
    private readonly pollMs = DOWNLOAD_POLL_MS,
  ) {}

  run(
    operation: ModelOperation,
    onProgress: (progress: ModelProgress) => void,
    signal: AbortSignal,
  ): Promise<ModelOperationResult> {
    const ctx = forModel(this.failures, operatedModel(operation));
    return guardRequest(
      'lmstudio-rest',
      signal,
      async (run): Promise<ModelOperationResult> => {
        const api = new V1Api(this.client, this.baseUrl, ctx, run.signal);
        run.started();
        switch (operation.op) {
          case 'pull':
            await this.download(api, ctx, operation.model, onProgress, run.signal);
            return { op: 'pull' };
          case 'load': {
            onProgress({ status: 'loading' });
            const body: Record<string, unknown> = { model: operation.model };
            if (operation.contextLength) body['context_length'] = operation.contextLength;
            await api.post('models/load', body);
            return { op: 'load' };
          }
          case 'unload': {
            onProgress({ status: 'unloading' });
            const instances = (await api.instances()).filter(
              (instance) => instance.model === operation.model || instance.instanceId === operation.model,
            );
            for (const instance of instances)
              await api.post('models/unload', { instance_id: instance.instanceId });
            return { op: 'unload' };
          }
          case 'list-loaded':
            return { op: 'list-loaded', models: loadedModels(await api.instances()) };
          case 'delete':
            throw new ProviderError(
              'bad-response',
              `LM Studio cannot delete models through its API: delete ${operation.model} in LM Studio (My Models).`,
              { provider: 'lmstudio-rest' },
            );
        }
      },
      describeOpenAIFailure(ctx, signal),
    );
  }

  /** Starts the download (or finds it done) and reads its status until it ends. */
  private async download(
    api: V1Api,
    ctx: HttpFailureContext,
    model: string,
    onProgress: (progress: ModelProgress) => void,
    signal: AbortSignal,
  ): Promise<void> {
    let job = api.job(await api.post('models/download', { model }));
    for (;;) {
      switch (job.status) {
        case 'already_downloaded':
        case 'completed':
          onProgress({ status: job.status === 'completed' ? 'downloaded' : 'already downloaded' });
          return;
        case 'failed':
          throw downloadFailed(ctx, model, job.detail);
        case 'paused':
          throw new ProviderError(
            'http',
            `${capitalize(serverName(ctx))} paused the download of "${model}". Resume it in LM Studio's Downloads, then press Resume here to follow it.`,
            { provider: 'lmstudio-rest' },
          );
        case 'downloading': {
          onProgress(job.progress);
          await pause(this.pollMs, signal);
          job = api.job(await api.get(`models/download/status/${encodeURIComponent(job.jobId)}`));
        }
      }
    }
  }
}

/** The v1 requests of one operation: JSON in, JSON out, an old LM Studio said as such. */
class V1Api {
  constructor(
    private readonly client: OpenAI,
    private readonly baseUrl: string,
    private readonly ctx: HttpFailureContext,
    private readonly signal: AbortSignal,
  ) {}

  async get(path: string): Promise<unknown> {
    return this.checked(
      await this.client.get<unknown>(lmstudioV1Url(this.baseUrl, path), { signal: this.signal }),
    );
  }

  async post(path: string, body: Record<string, unknown>): Promise<unknown> {
    return this.checked(
      await this.client.post<unknown>(lmstudioV1Url(this.baseUrl, path), { body, signal: this.signal }),
    );
  }

  async instances(): Promise<LoadedInstance[]> {
    const instances = loadedInstances(await this.get('models'));
    if (!instances) throw badResponseError(this.ctx, 'its model list (/api/v1/models) has no "models"');
    return instances;
  }

  job(body: unknown): DownloadJob {
    const job = downloadJob(body);
    if (!job) throw badResponseError(this.ctx, 'a download reply without a known "status"');
    return job;
  }

  private checked(body: unknown): unknown {
    if (isUnexpectedEndpoint(body)) {
      throw new ProviderError(
        'http',
        `${capitalize(serverName(this.ctx))} has no REST API v1, which managing models needs: update LM Studio to 0.4 or later, or load and download models in LM Studio itself.`,
        { provider: 'lmstudio-rest' },
      );
    }
    return body;
  }
}

/** A failed download job, with LM Studio's words when it gave any. */
function downloadFailed(ctx: HttpFailureContext, model: string, detail: string | undefined): ProviderError {
  const said = detail ? `: ${detail}` : '';
  return new ProviderError(
    'http',
    `${capitalize(serverName(ctx))} could not download "${model}"${said}. LM Studio's Downloads panel says why (a full disk, no network); then try again.`,
    { provider: 'lmstudio-rest' },
  );
}

/** Waits between two status reads; a stop ends the wait at once. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortedError('lmstudio-rest'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = (): void => {
      clearTimeout(timer);
      reject(abortedError('lmstudio-rest'));
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
