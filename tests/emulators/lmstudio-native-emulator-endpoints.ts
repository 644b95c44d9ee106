import { imageKind } from './image-checks';
import type { ChannelHandler, SocketChannel } from './lmstudio-native-emulator-channel';
import {
  genericError,
  noModelMatchingQuery,
  pathNotFound,
  specificModelUnloaded,
  type SerializedError,
} from './lmstudio-native-emulator-errors';
import {
  instanceInfo,
  instanceReferenceOf,
  modelInfo,
  type EmulatedModel,
} from './lmstudio-native-emulator-models';
import { contextOf, loadModel, unloadModel } from './lmstudio-native-emulator-loading';
import { PredictionRun } from './lmstudio-native-emulator-predict';
import type { EmulatorState } from './lmstudio-native-emulator-state';

type Message = Record<string, unknown>;

interface Specifier {
  type?: string;
  instanceReference?: string;
  query?: { identifier?: string; path?: string };
}

/** A loaded LLM matching a model specifier, or the error LM Studio sends for it. */
function resolveSpecifier(state: EmulatorState, specifier: Specifier): EmulatedModel | SerializedError {
  const loaded = state.loadedModels().filter((model) => model.type === 'llm');
  if (specifier.type === 'instanceReference') {
    const model = loaded.find((candidate) => instanceReferenceOf(candidate) === specifier.instanceReference);
    return model ?? specificModelUnloaded();
  }
  const query = specifier.query ?? {};
  const model = loaded.find(
    (candidate) =>
      (query.identifier === undefined || candidate.modelKey === query.identifier) &&
      (query.path === undefined || candidate.path === query.path || candidate.modelKey === query.path),
  );
  return (
    model ??
    noModelMatchingQuery(
      query,
      loaded.map((candidate) => candidate.modelKey),
    )
  );
}

function isError(value: EmulatedModel | SerializedError): value is SerializedError {
  return 'title' in value;
}

/** Answers one `rpcCall` with exactly one `rpcResult` or `rpcError`. */
export function answerRpc(
  state: EmulatorState,
  namespace: string,
  call: Message,
  reply: (m: Message) => void,
): void {
  const callId = call.callId;
  const ok = (result: unknown): void => reply({ type: 'rpcResult', callId, result });
  const fail = (error: SerializedError): void => reply({ type: 'rpcError', callId, error });
  const parameter = (call.parameter ?? {}) as Message;
  switch (`${namespace}/${String(call.endpoint)}`) {
    case 'llm/getModelInfo': {
      const found = resolveSpecifier(state, (parameter.specifier ?? {}) as Specifier);
      if (!isError(found)) return ok(instanceInfo(found, contextOf(state, found.modelKey)));
      // throwIfNotFound:false means "undefined if gone": the result is simply left out.
      return parameter.throwIfNotFound === false ? reply({ type: 'rpcResult', callId }) : fail(found);
    }
    case 'llm/listLoaded':
      return ok(
        state
          .loadedModels()
          .filter((m) => m.type === 'llm')
          .map((m) => instanceInfo(m, contextOf(state, m.modelKey))),
      );
    case 'llm/unloadModel': {
      const refused = unloadModel(state, parameter);
      return refused ? fail(refused) : reply({ type: 'rpcResult', callId });
    }
    case 'embedding/listLoaded':
      return ok(
        state
          .loadedModels()
          .filter((m) => m.type === 'embedding')
          .map((m) => instanceInfo(m)),
      );
    case 'system/listDownloadedModels':
      // The SDK filters by domain itself; the server always sends every model.
      return ok(state.models.map(modelInfo));
    case 'system/version':
      return ok({ version: state.options.version, build: 1 });
    case 'files/uploadFileBase64': {
      const bytes = Buffer.from(String(parameter.contentBase64 ?? ''), 'base64');
      const kind = imageKind(bytes);
      // A plain file name (no "/"): the only identifier shape the SDK's FileHandle accepts.
      const identifier = `upload-${state.requests.length}.${kind ?? 'bin'}`;
      return ok({ identifier, fileType: kind ? 'image' : 'unknown', sizeBytes: bytes.length });
    }
    default:
      // The real server only logs a communicationWarning and never answers; an error is kinder.
      state.protocolErrors.push(`unknown rpc ${namespace}/${String(call.endpoint)}`);
      return fail(genericError(`Emulator: unknown RPC endpoint ${namespace}/${String(call.endpoint)}`));
  }
}

/** `getOrLoad`: alreadyLoaded, or a JIT load with progress, or pathNotFound. */
function getOrLoad(state: EmulatorState, parameter: Message, channel: SocketChannel): void {
  const key = String(parameter.identifier ?? '');
  const model = state.findModel(key);
  if (model === undefined || model.type !== 'llm') {
    const available = state.models.filter((m) => m.type === 'llm').map((m) => m.modelKey);
    return channel.fail(pathNotFound(key, available));
  }
  if (!state.loaded.has(model.modelKey)) {
    channel.send({ type: 'startLoading', identifier: model.modelKey, info: modelInfo(model) });
    channel.send({ type: 'loadProgress', progress: 0.5 });
    channel.send({ type: 'loadProgress', progress: 1 });
    state.loaded.add(model.modelKey);
    channel.send({ type: 'loadSuccess', info: instanceInfo(model, contextOf(state, model.modelKey)) });
  } else {
    channel.send({ type: 'alreadyLoaded', info: instanceInfo(model, contextOf(state, model.modelKey)) });
  }
  channel.close();
}

/** Opens a channel's server side; returns what handles the client's `channelSend`s. */
export function openChannel(
  state: EmulatorState,
  endpoint: { namespace: string; endpoint: string; path: string },
  creationParameter: unknown,
  channel: SocketChannel,
): ChannelHandler {
  const parameter = (creationParameter ?? {}) as Message;
  let run: PredictionRun | undefined;
  const handler: ChannelHandler = {
    receive(message) {
      if (message.type !== 'cancel') return;
      state.cancellations.push({
        path: endpoint.path,
        channelId: channel.channelId,
        fragmentsSent: run?.tokensSent ?? 0,
      });
      if (state.options.answerCancel) channel.cancel();
    },
  };
  switch (`${endpoint.namespace}/${endpoint.endpoint}`) {
    case 'llm/getOrLoad':
      getOrLoad(state, parameter, channel);
      return handler;
    case 'llm/loadModel':
      void loadModel(state, parameter, channel);
      return handler;
    case 'llm/predict': {
      const found = resolveSpecifier(state, (parameter.modelSpecifier ?? {}) as Specifier);
      if (isError(found)) {
        channel.fail(found);
        return handler;
      }
      run = new PredictionRun(channel, parameter, found, state.scenario, contextOf(state, found.modelKey));
      const running = run;
      state.runningPredictions.add(running);
      void running.run().finally(() => state.runningPredictions.delete(running));
      return handler;
    }
    default:
      state.protocolErrors.push(`unknown channel ${endpoint.path}`);
      channel.fail(genericError(`Emulator: unknown channel endpoint ${endpoint.path}`));
      return handler;
  }
}
