import type { ModelInfo } from '../lib/vocabulary/chat';

/** The model a conversation without one should start with: a loaded one if the server says so. */
export function pickDefaultModel(models: ModelInfo[]): string | undefined {
  return (models.find((m) => m.loaded) ?? models[0])?.id;
}
