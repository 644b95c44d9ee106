/**
 * The common OpenAI-compatible servers, each with the address it documents and the steps its own
 * documentation gives: how to start it, let this page in (CORS), require a key and size the
 * context. Messages about a server made from a preset give these steps, never another product's.
 */
import type { PresetId } from '../vocabulary/servers';

export type { PresetId };

export interface Preset {
  id: PresetId;
  name: string;
  defaultUrl: string;
  /** How to start the server (a sentence, may hold `code`). */
  start: string;
  /** How to let a page at `origin` call it. */
  cors(origin: string): string;
  /** How to require (and so know) a key. */
  apiKey: string;
  /** The setting that sizes the context window. */
  context: string;
}

export const PRESETS: Record<PresetId, Preset> = {
  'llama-cpp': {
    id: 'llama-cpp',
    name: 'llama.cpp server',
    defaultUrl: 'http://127.0.0.1:8080/v1',
    start: 'Start it with `llama-server -m <model.gguf> --port 8080`.',
    cors: () =>
      'llama-server allows every origin by default: check that nothing in front of it (a proxy) drops its CORS headers.',
    apiKey: 'It wants the key it was started with (`llama-server --api-key <key>`): enter the same key here.',
    context: '`-c` / `--ctx-size`',
  },
  vllm: {
    id: 'vllm',
    name: 'vLLM',
    defaultUrl: 'http://127.0.0.1:8000/v1',
    start: 'Start it with `vllm serve <model>` (it listens on port 8000).',
    // vLLM allows every origin unless --allowed-origins narrows it.
    cors: (origin) =>
      `Start vLLM with \`--allowed-origins '["${origin}"]'\` (or leave the flag out: it allows every origin).`,
    apiKey: 'It wants the key it was started with (`vllm serve … --api-key <key>`): enter the same key here.',
    context: '`--max-model-len`',
  },
  jan: {
    id: 'jan',
    name: 'Jan',
    defaultUrl: 'http://127.0.0.1:1337/v1',
    start: 'In Jan open Settings → Local API Server, set an API key and press Start Server.',
    cors: () =>
      'In Jan open Settings → Local API Server, turn on CORS and check that the address’s host is among its trusted hosts.',
    apiKey: 'Enter the API key set in Jan’s Settings → Local API Server.',
    context: 'the model’s context size in Jan',
  },
  localai: {
    id: 'localai',
    name: 'LocalAI',
    defaultUrl: 'http://127.0.0.1:8080/v1',
    start: 'Start it with `local-ai run` (it listens on port 8080).',
    cors: (origin) =>
      `Start LocalAI with \`--cors --cors-allow-origins=${origin}\` (or LOCALAI_CORS=true and LOCALAI_CORS_ALLOW_ORIGINS=${origin}).`,
    apiKey:
      'It wants one of the keys it was started with (`--api-keys <key>` or LOCALAI_API_KEY): enter it here.',
    context: '`--context-size`',
  },
  koboldcpp: {
    id: 'koboldcpp',
    name: 'KoboldCpp',
    defaultUrl: 'http://127.0.0.1:5001/v1',
    start: 'Start it with `koboldcpp --model <model.gguf>` (it listens on port 5001).',
    cors: () =>
      'KoboldCpp allows every origin by default: check that nothing in front of it drops its CORS headers.',
    apiKey: 'It wants the password it was started with (`--password <key>`): enter it as the key here.',
    context: '`--contextsize`',
  },
  'text-generation-webui': {
    id: 'text-generation-webui',
    name: 'text-generation-webui',
    defaultUrl: 'http://127.0.0.1:5000/v1',
    start: 'Start it with its API on (`python server.py --api`; the API listens on port 5000).',
    cors: () =>
      'Its API allows every origin by default: check that nothing in front of it drops its CORS headers.',
    apiKey: 'It wants the key it was started with (`--api-key <key>`): enter the same key here.',
    context: 'the model loader’s context length (`--ctx-size`)',
  },
};

export const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

export function isPresetId(value: unknown): value is PresetId {
  return typeof value === 'string' && value in PRESETS;
}
