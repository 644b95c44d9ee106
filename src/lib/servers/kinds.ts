/**
 * The kinds of server Brook talks to, each described once: how it is named, where it listens by
 * default, which URLs it takes and whether it takes an API key. Adding a kind is one entry here,
 * its wording (providers/http/http-error-text.ts, or its own hints) and one provider folder.
 */
import type { ServerKind } from '../vocabulary/servers';
import type { ModelOperationKind } from '../vocabulary/models';
import { LMSTUDIO_CATALOG, OLLAMA_LIBRARY, type ModelLibrary } from './model-libraries';

export type { ServerKind, ModelLibrary };

export interface KindDescriptor {
  kind: ServerKind;
  /** Its full name, e.g. in Settings. */
  label: string;
  /** The name for tight places (the header picker on a phone) and a new server's default name. */
  shortLabel: string;
  defaultUrl: string;
  /** URL schemes it speaks. */
  schemes: readonly string[];
  /** The OpenAI API lives under /v1: the URL must end in it (and not twice). */
  needsV1: boolean;
  /** A bearer key can be set (LM Studio and Ollama take none). */
  acceptsApiKey: boolean;
  /** How to start it (a sentence without its full stop, may hold `code`). */
  startStep: string;
  /** What lets a page at `origin` call it (a sentence). */
  corsStep(origin: string): string;
  /** What Brook can do with its models (Manage models); the provider's ModelManager agrees. */
  modelOperations: readonly ModelOperationKind[];
  /** Where people find models to download for it, when Brook can download them. */
  library?: ModelLibrary;
}

const LMSTUDIO_CORS =
  'LM Studio blocks browser requests until CORS is on: turn on “Enable CORS” in Developer → Server settings, or run `lms server start --cors`.';

export const KINDS: Record<ServerKind, KindDescriptor> = {
  ollama: {
    kind: 'ollama',
    label: 'Ollama',
    shortLabel: 'Ollama',
    defaultUrl: 'http://127.0.0.1:11434',
    schemes: ['http:', 'https:'],
    needsV1: false,
    acceptsApiKey: false,
    startStep: 'Start Ollama (`ollama serve`)',
    corsStep: (origin) =>
      `Pages other than localhost need OLLAMA_ORIGINS=${origin} in Ollama's environment (then restart it).`,
    modelOperations: ['pull', 'delete', 'load', 'unload', 'list-loaded'],
    library: OLLAMA_LIBRARY,
  },
  'lmstudio-rest': {
    kind: 'lmstudio-rest',
    label: 'LM Studio (OpenAI-compatible)',
    shortLabel: 'LM Studio',
    defaultUrl: 'http://127.0.0.1:1234/v1',
    schemes: ['http:', 'https:'],
    needsV1: true,
    // LM Studio 0.4 can require an API token (Developer → Server settings).
    acceptsApiKey: true,
    startStep: "Start LM Studio's server (Developer → Start server, or `lms server start`)",
    corsStep: () => LMSTUDIO_CORS,
    // Its REST API v1 (LM Studio 0.4): no delete.
    modelOperations: ['pull', 'load', 'unload', 'list-loaded'],
    library: LMSTUDIO_CATALOG,
  },
  'lmstudio-native': {
    kind: 'lmstudio-native',
    label: 'LM Studio (native SDK)',
    shortLabel: 'LM Studio SDK',
    defaultUrl: 'ws://127.0.0.1:1234',
    schemes: ['ws:', 'wss:'],
    needsV1: false,
    acceptsApiKey: false,
    startStep: "Start LM Studio's server (Developer → Start server, or `lms server start`)",
    corsStep: () => LMSTUDIO_CORS,
    // The SDK's load (with progress), unload and listLoaded; downloads go through the REST kind.
    modelOperations: ['load', 'unload', 'list-loaded'],
  },
  'openai-compatible': {
    kind: 'openai-compatible',
    label: 'Other OpenAI-compatible server',
    shortLabel: 'OpenAI-compatible',
    defaultUrl: 'http://127.0.0.1:8080/v1',
    schemes: ['http:', 'https:'],
    needsV1: true,
    acceptsApiKey: true,
    startStep: 'Start the server',
    corsStep: (origin) => `The server must allow CORS for ${origin} (Access-Control-Allow-Origin).`,
    modelOperations: [],
  },
};

/** In the order Settings offers them. */
export const SERVER_KINDS: readonly ServerKind[] = [
  'ollama',
  'lmstudio-rest',
  'lmstudio-native',
  'openai-compatible',
];

export function isServerKind(value: unknown): value is ServerKind {
  return typeof value === 'string' && (SERVER_KINDS as readonly string[]).includes(value);
}
