/**
 * Ollama's model management (docs/api.md): `/api/pull` streamed as NDJSON progress, `DELETE
 * /api/delete`, `/api/ps`, and load/unload as an empty `/api/generate` with `keep_alive`
 * (routes.go GenerateHandler answers `done_reason` "load" or "unload" without generating).
 * Requests go through ollama-js like chat; the pull's body is read by Brook's line reader, so a
 * malformed line or an early end is a failure, never a silent "done".
 */
import { abortedError, ProviderError } from '../errors';
import { guardRequest } from '../http/http-stream';
import { badResponseError, forModel, type HttpFailureContext } from '../http/http-errors';
import { capitalize, serverName } from '../http/http-error-text';
import { parseNdjsonLine, readLines } from '../http/ndjson-lines';
import { KINDS } from '../../servers/kinds';
import { describeOllamaFailure } from './errors';
import { PullProgressTotals } from './pull-progress';
import { ollamaClientFor } from './request';
import type {
  LoadedModel,
  ModelManager,
  ModelOperation,
  ModelOperationKind,
  ModelOperationResult,
  ModelProgress,
} from '../../vocabulary/models';
import { operatedModel } from '../../vocabulary/models';

export class OllamaModelManager implements ModelManager {
  readonly operations: readonly ModelOperationKind[] = KINDS.ollama.modelOperations;

  constructor(
    private readonly host: string,
    private readonly failures: HttpFailureContext,
  ) {}

  run(
    operation: ModelOperation,
    onProgress: (progress: ModelProgress) => void,
    signal: AbortSignal,
  ): Promise<ModelOperationResult> {
    const ctx = forModel(this.failures, operatedModel(operation));
    return guardRequest(
      'ollama',
      signal,
      async (run): Promise<ModelOperationResult> => {
        const { client, response } = ollamaClientFor(this.host, run.signal, run.started);
        switch (operation.op) {
          case 'pull': {
            await client.pull({ model: operation.model, stream: true });
            await readPull(ctx, operation.model, response(), onProgress, run.signal);
            return { op: 'pull' };
          }
          case 'delete':
            await client.delete({ model: operation.model });
            return { op: 'delete' };
          case 'load':
          case 'unload': {
            onProgress({ status: operation.op === 'load' ? 'loading' : 'unloading' });
            const keepAlive = operation.op === 'unload' ? 0 : undefined;
            await client.generate({
              model: operation.model,
              prompt: '',
              stream: false,
              ...(keepAlive === undefined ? {} : { keep_alive: keepAlive }),
              ...(operation.op === 'load' && operation.contextLength
                ? { options: { num_ctx: operation.contextLength } }
                : {}),
            });
            return { op: operation.op };
          }
          case 'list-loaded': {
            const { models } = await client.ps();
            if (!Array.isArray(models)) throw badResponseError(ctx, 'the loaded-model list has no "models"');
            return { op: 'list-loaded', models: models.map(loadedModel) };
          }
        }
      },
      describeOllamaFailure(ctx, signal),
    );
  }
}

/** Reads a pull's NDJSON progress to its "success" line; an error line or an early end throws. */
async function readPull(
  ctx: HttpFailureContext,
  model: string,
  reply: Response | undefined,
  onProgress: (progress: ModelProgress) => void,
  signal: AbortSignal,
): Promise<void> {
  const body = reply?.body;
  if (!body) throw badResponseError(ctx, 'the reply has no body');
  const totals = new PullProgressTotals();
  for await (const lines of readLines(body)) {
    for (const line of lines) {
      const value = parseNdjsonLine(line);
      if (typeof value !== 'object' || value === null) continue;
      const record = value as Record<string, unknown>;
      if (typeof record['error'] === 'string') throw pullFailed(ctx, model, record['error']);
      onProgress(totals.add(record));
      // After "success" the model is there: returning cancels the rest of the body.
      if (record['status'] === 'success') return;
    }
    if (signal.aborted) throw abortedError('ollama');
  }
  throw new ProviderError(
    'stream-broken',
    `The download of "${model}" from ${serverName(ctx)} stopped before it finished. Pull it again: Ollama continues where it stopped.`,
    { provider: 'ollama' },
  );
}

/** An error line of a pull, in words that say what to do. */
export function pullFailed(ctx: HttpFailureContext, model: string, said: string): ProviderError {
  const who = serverName(ctx);
  let what: string;
  if (/file does not exist|not found|manifest unknown|invalid model name/i.test(said))
    what = `Check the name in the Ollama library (ollama.com/library), e.g. "llama3.2" or "qwen3:0.6b".`;
  else if (/no space left|disk full|not enough space/i.test(said))
    what =
      'Free some disk space on the machine that runs Ollama, then pull again: it continues where it stopped.';
  else if (/connection|network|timeout|dial tcp|EOF/i.test(said))
    what =
      'Ollama could not reach its registry. Check its internet connection, then pull again: it continues where it stopped.';
  else what = 'Pull again: Ollama continues where it stopped.';
  return new ProviderError('http', `${capitalize(who)} could not download "${model}": ${said}. ${what}`, {
    provider: 'ollama',
  });
}

function loadedModel(entry: {
  model?: string;
  name?: string;
  size?: number;
  size_vram?: number;
  expires_at?: unknown;
  context_length?: number;
}): LoadedModel {
  const loaded: LoadedModel = { id: entry.model || entry.name || '' };
  if (typeof entry.size === 'number') loaded.sizeBytes = entry.size;
  if (typeof entry.size_vram === 'number') loaded.vramBytes = entry.size_vram;
  const expires = entry.expires_at instanceof Date ? entry.expires_at.toISOString() : entry.expires_at;
  // keep_alive -1 shows as a time centuries away: the model stays.
  if (typeof expires === 'string' && Date.parse(expires) < Date.parse('2200-01-01'))
    loaded.expiresAt = expires;
  else if (typeof expires === 'string') loaded.staysUntilUnloaded = true;
  if (typeof entry.context_length === 'number' && entry.context_length > 0)
    loaded.contextLength = entry.context_length;
  return loaded;
}
