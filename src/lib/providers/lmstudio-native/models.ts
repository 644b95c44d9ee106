import type { LLM, LLMInfo, LLMPredictionFragment } from '@lmstudio/sdk';
import type { ModelCapability, ModelInfo, StreamEvent } from '../../vocabulary/chat';

/**
 * Downloaded LLMs with the loaded ones marked. A model counts as loaded when an instance has
 * its key or path; loaded instances missing from the downloaded list are added at the end.
 * `loadedContexts` (by model key) is the context each loaded one was loaded with.
 */
export function toModelInfos(
  downloaded: LLMInfo[],
  loaded: LLM[],
  loadedContexts: ReadonlyMap<string, number> = new Map(),
): ModelInfo[] {
  const loadedNames = new Set(loaded.flatMap((model) => [model.modelKey, model.path]));
  const models: ModelInfo[] = downloaded.map((model) => {
    const info: ModelInfo = {
      id: model.modelKey,
      name: model.displayName,
      sizeBytes: model.sizeBytes,
      loaded: loadedNames.has(model.modelKey) || loadedNames.has(model.path),
    };
    if (model.architecture !== undefined) info.family = model.architecture;
    if (model.paramsString !== undefined) info.parameterSize = model.paramsString;
    if (model.quantization !== undefined) info.quantization = model.quantization.name;
    if (model.maxContextLength > 0) info.contextLength = model.maxContextLength;
    const capabilities: ModelCapability[] = [];
    if (model.vision) capabilities.push('vision');
    if (model.trainedForToolUse) capabilities.push('tools');
    info.capabilities = capabilities; // the SDK always says (empty: text only)
    const loadedContext = loadedContexts.get(model.modelKey);
    if (info.loaded && loadedContext) info.loadedContextLength = loadedContext;
    return info;
  });
  const listed = new Set(downloaded.flatMap((model) => [model.modelKey, model.path]));
  for (const model of loaded) {
    if (listed.has(model.modelKey) || listed.has(model.path)) continue;
    listed.add(model.modelKey);
    const info: ModelInfo = {
      id: model.modelKey,
      name: model.displayName,
      sizeBytes: model.sizeBytes,
      loaded: true,
    };
    const loadedContext = loadedContexts.get(model.modelKey);
    if (loadedContext) info.loadedContextLength = loadedContext;
    models.push(info);
  }
  return models;
}

/** The context each loaded model was loaded with (its instance info); a model gone meanwhile is left out. */
export async function loadedContextsOf(loaded: LLM[]): Promise<Map<string, number>> {
  const contexts = new Map<string, number>();
  await Promise.all(
    loaded.map(async (model) => {
      const info = await model.getModelInfo().catch(() => undefined);
      if (info && info.contextLength > 0 && !contexts.has(model.modelKey))
        contexts.set(model.modelKey, info.contextLength);
    }),
  );
  return contexts;
}

/**
 * A fragment as a stream event. LM Studio marks each fragment: `none` is answer text,
 * `reasoning` is thinking; the `<think>`/`</think>` tag fragments (and any fragment flagged
 * structural) are markup, not content, so they produce no event.
 */
export function fragmentEvent(fragment: LLMPredictionFragment): StreamEvent | null {
  if (fragment.isStructural || fragment.content === '') return null;
  if (fragment.reasoningType === 'none') return { type: 'text', text: fragment.content };
  if (fragment.reasoningType === 'reasoning') return { type: 'reasoning', text: fragment.content };
  return null;
}
