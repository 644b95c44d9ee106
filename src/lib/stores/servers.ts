import { DEFAULT_BASE_URLS, PROVIDER_LABELS, type ProviderKind } from '../providers';
import type { ProviderTarget } from '../workers/protocol';
import { SERVER_IDS, type ServerId } from '../persistence/records';

export { SERVER_IDS, type ServerId };

/** The provider that talks to each configured server. */
export const SERVER_KIND: Record<ServerId, ProviderKind> = {
  ollama: 'ollama',
  'lmstudio-rest': 'lmstudio-rest',
  'lmstudio-native': 'lmstudio-native',
  'openai-compatible': 'openai-compatible',
};

export const SERVER_LABELS: Record<ServerId, string> = {
  ollama: PROVIDER_LABELS.ollama,
  'lmstudio-rest': PROVIDER_LABELS['lmstudio-rest'],
  'lmstudio-native': PROVIDER_LABELS['lmstudio-native'],
  'openai-compatible': PROVIDER_LABELS['openai-compatible'],
};

/** Short names for tight places (the header picker on a phone). */
export const SERVER_SHORT_LABELS: Record<ServerId, string> = {
  ollama: 'Ollama',
  'lmstudio-rest': 'LM Studio',
  'lmstudio-native': 'LM Studio SDK',
  'openai-compatible': 'OpenAI-compatible',
};

export const DEFAULT_SERVER_URLS: Record<ServerId, string> = {
  ollama: DEFAULT_BASE_URLS.ollama,
  'lmstudio-rest': DEFAULT_BASE_URLS['lmstudio-rest'],
  'lmstudio-native': DEFAULT_BASE_URLS['lmstudio-native'],
  'openai-compatible': DEFAULT_BASE_URLS['openai-compatible'],
};

/** Only the OpenAI-compatible server takes a key (LM Studio and Ollama run without one). */
export function acceptsApiKey(server: ServerId): boolean {
  return server === 'openai-compatible';
}

export function isServerId(value: unknown): value is ServerId {
  return typeof value === 'string' && (SERVER_IDS as readonly string[]).includes(value);
}

/** What the worker needs to reach a server. */
export function providerTarget(server: ServerId, baseUrl: string, apiKey?: string): ProviderTarget {
  const config = apiKey && acceptsApiKey(server) ? { baseUrl, apiKey } : { baseUrl };
  return { kind: SERVER_KIND[server], config };
}

/** A URL the provider can use: http(s) for REST servers, ws(s) for LM Studio native. */
export function validateServerUrl(server: ServerId, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'Enter a full URL, for example ' + DEFAULT_SERVER_URLS[server];
  }
  const allowed = server === 'lmstudio-native' ? ['ws:', 'wss:'] : ['http:', 'https:'];
  if (!allowed.includes(parsed.protocol)) {
    return `This server's URL starts with ${allowed.map((p) => p + '//').join(' or ')}`;
  }
  return undefined;
}
