import type { LLM, LLMInfo, LLMPredictionFragment } from '@lmstudio/sdk';
import type { ModelCapability, ModelInfo, StreamEvent } from '../../vocabulary/chat';

/**
 * Downloaded LLMs with the loaded ones marked. A model counts as loaded when an instance has
 * its key or path; loaded instances missing from the downloaded list are added at the end.
 */
export function toModelInfos(downloaded: LLMInfo[], loaded: LLM[]): ModelInfo[] {
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
    return info;
  });
  const listed = new Set(downloaded.flatMap((model) => [model.modelKey, model.path]));
  for (const model of loaded) {
    if (listed.has(model.modelKey) || listed.has(model.path)) continue;
    listed.add(model.modelKey);
    models.push({ id: model.modelKey, name: model.displayName, sizeBytes: model.sizeBytes, loaded: true });
  }
  return models;
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
