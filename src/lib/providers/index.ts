import type { LLMProvider } from './base';
import type { ProviderConfig, ProviderKind } from './types';

export type { LLMProvider } from './base';
export * from './types';
export * from './errors';

/**
 * Creates a provider. Each client library is imported only when its provider is first used,
 * so the worker does not load @lmstudio/sdk for an Ollama user (and vice versa).
 */
export async function createProvider(kind: ProviderKind, config: ProviderConfig): Promise<LLMProvider> {
  switch (kind) {
    case 'ollama': {
      const { OllamaProvider } = await import('./ollama');
      return new OllamaProvider(config);
    }
    case 'lmstudio-rest':
    case 'openai-compatible': {
      const { LMStudioProvider } = await import('./lmstudio-rest');
      return new LMStudioProvider(config, kind);
    }
    case 'lmstudio-native': {
      const { LMStudioNativeProvider } = await import('./lmstudio-native');
      return new LMStudioNativeProvider(config);
    }
  }
}

export const DEFAULT_BASE_URLS: Record<ProviderKind, string> = {
  ollama: 'http://127.0.0.1:11434',
  'lmstudio-rest': 'http://127.0.0.1:1234/v1',
  'openai-compatible': 'http://127.0.0.1:8080/v1',
  'lmstudio-native': 'ws://127.0.0.1:1234',
};

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  ollama: 'Ollama',
  'lmstudio-rest': 'LM Studio (OpenAI-compatible)',
  'openai-compatible': 'Other OpenAI-compatible server',
  'lmstudio-native': 'LM Studio (native SDK)',
};
