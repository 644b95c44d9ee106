import type { LLMProvider } from './base';
import type { ProviderConfig, ProviderKind } from '../vocabulary/chat';

export type { LLMProvider } from './base';
export * from '../vocabulary/chat';
export * from './errors';

/**
 * Creates a provider. Each client library is imported only when its provider is first used,
 * so the worker does not load @lmstudio/sdk for an Ollama user (and vice versa).
 */
export async function createProvider(kind: ProviderKind, config: ProviderConfig): Promise<LLMProvider> {
  switch (kind) {
    case 'ollama': {
      const { OllamaProvider } = await import('./ollama/provider');
      return new OllamaProvider(config);
    }
    case 'lmstudio-rest':
    case 'openai-compatible': {
      const { OpenAICompatibleProvider } = await import('./openai-compatible/provider');
      return new OpenAICompatibleProvider(config, kind);
    }
    case 'lmstudio-native': {
      const { LMStudioNativeProvider } = await import('./lmstudio-native/provider');
      return new LMStudioNativeProvider(config);
    }
  }
}
