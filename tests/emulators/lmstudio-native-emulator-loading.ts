/**
 * LM Studio's explicit model loading as the SDK 1.5 drives it (`client.llm.load`,
 * `client.llm.unload`; backend interface in node_modules/@lmstudio/sdk/dist/index.mjs,
 * `createBaseModelBackendInterface`): the `loadModel` channel answers `resolved` (the model
 * found), `progress` 0..1 and `success` with the instance info; `unloadModel` is an RPC that
 * frees an identifier. The context asked for comes in the load config stack as
 * `llm.load.contextLength`.
 */
import type { SocketChannel } from './lmstudio-native-emulator-channel';
import { genericError, pathNotFound, type SerializedError } from './lmstudio-native-emulator-errors';
import { CONTEXT_LENGTH, instanceInfo, modelInfo } from './lmstudio-native-emulator-models';
import type { EmulatorState } from './lmstudio-native-emulator-state';

type Message = Record<string, unknown>;

/** The `llm.load.contextLength` field of a load config stack, if any. */
export function requestedContext(stack: unknown): number | undefined {
  const layers = (stack as { layers?: { config?: { fields?: { key?: string; value?: unknown }[] } }[] })
    ?.layers;
  for (const layer of layers ?? [])
    for (const field of layer.config?.fields ?? [])
      if (field.key === 'llm.load.contextLength' && typeof field.value === 'number') return field.value;
  return undefined;
}

/** The context a loaded model has. */
export function contextOf(state: EmulatorState, modelKey: string): number {
  return state.contextLengths.get(modelKey) ?? CONTEXT_LENGTH;
}

/** `loadModel`: resolved, progress 0.25 / 0.5 (then a held load waits) / 1, success; a cancel stops it. */
export async function loadModel(
  state: EmulatorState,
  parameter: Message,
  channel: SocketChannel,
): Promise<void> {
  state.loadRequests.push(parameter);
  state.changed();
  const key = String(parameter.modelKey ?? '');
  const model = state.findModel(key);
  if (model === undefined || model.type !== 'llm') {
    const available = state.models.filter((m) => m.type === 'llm').map((m) => m.modelKey);
    return channel.fail(pathNotFound(key, available));
  }
  channel.send({ type: 'resolved', info: modelInfo(model) });
  channel.send({ type: 'progress', progress: 0.25 });
  channel.send({ type: 'progress', progress: 0.5 });
  await Promise.race([state.loadGate(), channel.interrupted]);
  if (channel.cancelled) return channel.fail(genericError('Model loading was cancelled'));
  if (channel.ended) return;
  channel.send({ type: 'progress', progress: 1 });
  state.loaded.add(model.modelKey);
  const context = requestedContext(parameter.loadConfigStack);
  if (context !== undefined) state.contextLengths.set(model.modelKey, context);
  state.changed();
  channel.send({ type: 'success', info: instanceInfo(model, contextOf(state, model.modelKey)) });
  channel.close();
}

/** `unloadModel {identifier}`: frees it, or the error for an identifier not in memory. */
export function unloadModel(state: EmulatorState, parameter: Message): SerializedError | undefined {
  const identifier = String(parameter.identifier ?? '');
  if (!state.loaded.has(identifier)) {
    const loaded = [...state.loaded];
    return {
      title: `Cannot find a model with identifier "${identifier}"`,
      rootTitle: `Cannot find a model with identifier "${identifier}"`,
      displayData: {
        code: 'generic.identifierNotFound',
        identifier,
        loadedModelsSample: loaded.slice(0, 10),
        totalLoadedModels: loaded.length,
      },
    };
  }
  state.unload(identifier);
  return undefined;
}
