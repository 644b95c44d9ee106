/**
 * LM Studio's model management through its SDK (`@lmstudio/sdk` 1.5): `client.llm.load` with
 * its progress (0..1) and an optional context length, `unload` of every instance of a model,
 * and `listLoaded` with each instance's context (`getModelInfo`). Downloads need LM Studio's
 * catalog search in the SDK; Brook downloads through the REST kind instead (kinds.ts).
 */
import type { LLM, LMStudioClient } from '@lmstudio/sdk';
import { ProviderError } from '../errors';
import { KINDS } from '../../servers/kinds';
import { toNativeProviderError, type NativeCallPhase } from './errors';
import { loadedContextsOf } from './models';
import { untilAborted } from './stream';
import type {
  LoadedModel,
  ModelManager,
  ModelOperation,
  ModelOperationKind,
  ModelOperationResult,
  ModelProgress,
} from '../../vocabulary/models';
import { operatedModel } from '../../vocabulary/models';

export class LMStudioNativeModelManager implements ModelManager {
  readonly operations: readonly ModelOperationKind[] = KINDS['lmstudio-native'].modelOperations;

  constructor(
    private readonly connect: () => LMStudioClient,
    private readonly baseUrl: string,
    /** Tells the provider a call failed, so a dead connection is dropped. */
    private readonly onFailure: (error: unknown, client: LMStudioClient) => void,
  ) {}

  async run(
    operation: ModelOperation,
    onProgress: (progress: ModelProgress) => void,
    signal: AbortSignal,
  ): Promise<ModelOperationResult> {
    const model = operatedModel(operation);
    const phase: NativeCallPhase = operation.op === 'list-loaded' ? 'list' : 'lookup';
    let client: LMStudioClient | undefined;
    try {
      client = this.connect();
      switch (operation.op) {
        case 'load': {
          onProgress({ status: 'loading', fraction: 0 });
          await client.llm.load(operation.model, {
            signal,
            verbose: false,
            ...(operation.contextLength ? { config: { contextLength: operation.contextLength } } : {}),
            onProgress: (fraction) => onProgress({ status: 'loading', fraction }),
          });
          return { op: 'load' };
        }
        case 'unload': {
          onProgress({ status: 'unloading' });
          const instances = (await untilAborted(client.llm.listLoaded(), signal)).filter(
            (instance) => instance.modelKey === operation.model || instance.identifier === operation.model,
          );
          for (const instance of instances)
            await untilAborted(client.llm.unload(instance.identifier), signal);
          return { op: 'unload' };
        }
        case 'list-loaded': {
          const instances = await untilAborted(client.llm.listLoaded(), signal);
          return { op: 'list-loaded', models: await untilAborted(loadedModels(instances), signal) };
        }
        case 'pull':
        case 'delete':
          throw new ProviderError(
            'bad-response',
            `Brook cannot ${operation.op === 'pull' ? 'download' : 'delete'} models over LM Studio's SDK: ${
              operation.op === 'pull'
                ? 'add this server as "LM Studio (OpenAI-compatible)" to download, or use LM Studio itself'
                : 'delete it in LM Studio (My Models)'
            }.`,
            { provider: 'lmstudio-native' },
          );
      }
    } catch (error) {
      const failure = toNativeProviderError(error, {
        phase,
        baseUrl: this.baseUrl,
        signal,
        ...(model !== undefined ? { modelKey: model } : {}),
      });
      if (client) this.onFailure(error, client);
      throw failure;
    }
  }
}

/** One entry per model (its first instance), with the context the instance was loaded with. */
async function loadedModels(instances: LLM[]): Promise<LoadedModel[]> {
  const contexts = await loadedContextsOf(instances);
  const byModel = new Map<string, LoadedModel>();
  for (const instance of instances) {
    if (byModel.has(instance.modelKey)) continue;
    const loaded: LoadedModel = { id: instance.modelKey, sizeBytes: instance.sizeBytes };
    const context = contexts.get(instance.modelKey);
    if (context) loaded.contextLength = context;
    byModel.set(instance.modelKey, loaded);
  }
  return [...byModel.values()];
}
