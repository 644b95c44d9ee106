/**
 * Serialized errors as LM Studio's server sends them in `rpcError.error` / `channelError.error`
 * (`serializedLMSExtendedErrorSchema`). With a `displayData.code` the SDK formats a fixed
 * message of its own; without one it shows `title` and `cause`.
 */
export interface SerializedError {
  title: string;
  rootTitle?: string;
  cause?: string;
  suggestion?: string;
  displayData?: Record<string, unknown>;
  stack?: string;
}

export function noModelMatchingQuery(query: Record<string, unknown>, loadedKeys: string[]): SerializedError {
  return {
    title: 'No model found that fits the query',
    rootTitle: 'No model found that fits the query',
    displayData: {
      code: 'generic.noModelMatchingQuery',
      query,
      loadedModelsSample: loadedKeys.slice(0, 10),
      totalLoadedModels: loadedKeys.length,
    },
  };
}

export function pathNotFound(path: string, availableKeys: string[]): SerializedError {
  return {
    title: `Cannot find model with path "${path}"`,
    rootTitle: `Cannot find model with path "${path}"`,
    displayData: {
      code: 'generic.pathNotFound',
      path,
      availablePathsSample: availableKeys.slice(0, 10),
      totalModels: availableKeys.length,
    },
  };
}

export function specificModelUnloaded(): SerializedError {
  return {
    title: 'The model has been unloaded',
    rootTitle: 'The model has been unloaded',
    displayData: { code: 'generic.specificModelUnloaded' },
  };
}

/** A failure without display data, e.g. the model crashing mid-answer. */
export function genericError(title: string, cause?: string): SerializedError {
  const error: SerializedError = { title, rootTitle: title };
  if (cause !== undefined) error.cause = cause;
  return error;
}
