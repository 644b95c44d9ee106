/**
 * Every failure message, for every kind of HTTP server and every known OpenAI-compatible server
 * (preset), names that server and gives its own steps: a server's text never names another
 * product (the OpenAI-compatible kind once spoke of LM Studio to llama.cpp users). A server the
 * user named is called by that name. Also through the real provider and client library.
 */
import { describe, expect, it } from 'vitest';
import { createProvider } from '../../src/lib/providers';
import { ProviderError } from '../../src/lib/providers/errors';
import {
  badResponseText,
  cannotConnectText,
  corsBlockedText,
  httpStatusText,
  modelNotFoundText,
  otherServerText,
  serverName,
  streamBrokenText,
  timeoutText,
  unknownBrowserFailureHint,
  type ServerVoice,
} from '../../src/lib/providers/http/http-error-text';
import { PRESET_IDS, PRESETS, type PresetId } from '../../src/lib/servers/presets';
import { describeTimeout } from '../../src/lib/workers/timeout-message';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';

const URL = 'http://127.0.0.1:9/v1';
const ORIGIN = 'http://127.0.0.1:5173';

/** Every message and hint a server can show for an HTTP failure. */
function everyText(who: ServerVoice): string[] {
  const down = cannotConnectText(who, URL);
  const cors = corsBlockedText(who, URL, ORIGIN);
  return [
    serverName(who),
    down.message,
    down.hint,
    cors.message,
    cors.hint,
    unknownBrowserFailureHint(who),
    modelNotFoundText(who, 'qwen3-8b'),
    modelNotFoundText(who, undefined),
    ...[400, 401, 403, 404, 422, 500, 503].map((status) => httpStatusText(who, status, 'said')),
    streamBrokenText(who, 'the connection dropped'),
    timeoutText(who),
    badResponseText(who, 'not JSON'),
    otherServerText(who, URL, 'Unexpected endpoint'),
    ...(['first-token', 'idle'] as const).map(
      (reason) =>
        describeTimeout(
          {
            id: 'x',
            kind: who.provider,
            name: who.name ?? '',
            baseUrl: URL,
            ...(who.preset ? { preset: who.preset } : {}),
          },
          reason,
          5000,
        ).message,
    ),
  ];
}

/** What names each product in a sentence. */
const PRODUCTS: Record<string, RegExp> = {
  Ollama: /ollama/i,
  'LM Studio': /LM Studio|\blms\b/,
  'llama.cpp': /llama-server|llama\.cpp/,
  vLLM: /vllm/i,
  Jan: /\bJan\b/,
  LocalAI: /LocalAI|local-ai/i,
  KoboldCpp: /kobold/i,
  'text-generation-webui': /text-generation-webui|server\.py/,
};
const PRESET_PRODUCT: Record<PresetId, string> = {
  'llama-cpp': 'llama.cpp',
  vllm: 'vLLM',
  jan: 'Jan',
  localai: 'LocalAI',
  koboldcpp: 'KoboldCpp',
  'text-generation-webui': 'text-generation-webui',
};

const SERVERS: { label: string; who: ServerVoice; own: string[] }[] = [
  { label: 'ollama', who: { provider: 'ollama' }, own: ['Ollama'] },
  { label: 'lmstudio-rest', who: { provider: 'lmstudio-rest' }, own: ['LM Studio'] },
  { label: 'openai-compatible', who: { provider: 'openai-compatible' }, own: [] },
  ...PRESET_IDS.map((preset) => ({
    label: `openai-compatible, ${preset}`,
    who: { provider: 'openai-compatible' as const, preset, name: PRESETS[preset].name },
    own: [PRESET_PRODUCT[preset]],
  })),
];

describe('failure wording per server', () => {
  for (const { label, who, own } of SERVERS) {
    it(`${label}: every message names no other product`, () => {
      for (const text of everyText(who)) {
        for (const [product, pattern] of Object.entries(PRODUCTS)) {
          if (own.includes(product)) continue;
          expect(text, `${label} text names ${product}: ${text}`).not.toMatch(pattern);
        }
      }
    });
  }

  it('each kind gives its own steps for a server that is down, CORS and a refused key', () => {
    const ollama: ServerVoice = { provider: 'ollama' };
    const lmstudio: ServerVoice = { provider: 'lmstudio-rest' };
    const other: ServerVoice = { provider: 'openai-compatible' };
    expect(cannotConnectText(ollama, URL).message).toContain('ollama serve');
    expect(cannotConnectText(lmstudio, URL).message).toContain('lms server start');
    expect(corsBlockedText(ollama, URL, ORIGIN).message).toContain(`OLLAMA_ORIGINS=${ORIGIN}`);
    expect(corsBlockedText(lmstudio, URL, ORIGIN).hint).toContain('Enable CORS');
    expect(corsBlockedText(other, URL, ORIGIN).message).toContain('Access-Control-Allow-Origin');
    expect(httpStatusText(other, 401, 'Invalid API Key')).toContain('API key');
  });

  it("a preset gives that server's documented steps: start, CORS, key and context", () => {
    const llama: ServerVoice = { provider: 'openai-compatible', preset: 'llama-cpp' };
    const vllm: ServerVoice = { provider: 'openai-compatible', preset: 'vllm' };
    const localai: ServerVoice = { provider: 'openai-compatible', preset: 'localai' };
    expect(cannotConnectText(llama, URL).message).toContain('llama-server -m');
    expect(httpStatusText(llama, 401, 'Invalid API Key')).toContain('--api-key');
    expect(httpStatusText(llama, 400, 'the request exceeds the available context size')).toContain(
      '--ctx-size',
    );
    expect(corsBlockedText(vllm, URL, ORIGIN).message).toContain(`--allowed-origins '["${ORIGIN}"]'`);
    expect(httpStatusText(vllm, 400, 'too long')).toContain('--max-model-len');
    expect(corsBlockedText(localai, URL, ORIGIN).hint).toContain(`--cors-allow-origins=${ORIGIN}`);
  });

  it('a server the user named is called by its name, with its kind', () => {
    const gpu: ServerVoice = { provider: 'ollama', name: 'GPU box' };
    expect(cannotConnectText(gpu, URL).message).toMatch(/^Cannot reach “GPU box” \(Ollama\) at /);
    expect(cannotConnectText(gpu, URL).message).toContain('ollama serve');
    expect(httpStatusText(gpu, 500, 'boom')).toMatch(/^“GPU box” \(Ollama\) answered with HTTP 500/);
    // A name that already says the kind is not repeated; the kind's own name reads as before.
    expect(serverName({ provider: 'ollama', name: 'Ollama on the laptop' })).toBe('“Ollama on the laptop”');
    expect(serverName({ provider: 'ollama', name: 'Ollama' })).toBe('Ollama');
  });

  it('the real provider of the OpenAI-compatible kind words its failures as that server', async () => {
    const emulator = await startLMStudioRestEmulator();
    try {
      emulator.script({ httpError: { status: 401, body: { error: { message: 'Invalid API Key' } } } });
      const provider = await createProvider('openai-compatible', {
        baseUrl: emulator.url,
        name: 'llama.cpp server',
        preset: 'llama-cpp',
      });
      const failure = await provider
        .complete([{ role: 'user', content: 'Hi' }], { model: 'm', signal: new AbortController().signal })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(ProviderError);
      const message = (failure as ProviderError).message;
      expect(message).toContain('llama.cpp server answered with HTTP 401');
      expect(message).toContain('--api-key');
      expect(message).not.toMatch(PRODUCTS['LM Studio']!);
    } finally {
      await emulator.close();
    }
  });
});
