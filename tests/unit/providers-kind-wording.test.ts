/**
 * Every failure message, for every kind of HTTP server, names that server and gives its own
 * steps: a kind's text never names another product (the OpenAI-compatible kind once spoke of
 * LM Studio to llama.cpp users). Also through the real provider and client library.
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
  type HttpProviderKind,
} from '../../src/lib/providers/http-error-text';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';

const URL = 'http://127.0.0.1:9/v1';
const ORIGIN = 'http://127.0.0.1:5173';

/** Every message and hint a kind can show for an HTTP failure. */
function everyText(kind: HttpProviderKind): string[] {
  const down = cannotConnectText(kind, URL);
  const cors = corsBlockedText(kind, URL, ORIGIN);
  return [
    serverName(kind),
    down.message,
    down.hint,
    cors.message,
    cors.hint,
    unknownBrowserFailureHint(kind),
    modelNotFoundText(kind, 'qwen3-8b'),
    modelNotFoundText(kind, undefined),
    ...[400, 401, 403, 404, 422, 500, 503].map((status) => httpStatusText(kind, status, 'said')),
    streamBrokenText(kind, 'the connection dropped'),
    timeoutText(kind),
    badResponseText(kind, 'not JSON'),
    otherServerText(kind, URL, 'Unexpected endpoint'),
  ];
}

/** What names each product in a sentence. */
const PRODUCTS: Record<string, RegExp> = {
  Ollama: /ollama/i,
  'LM Studio': /LM Studio|\blms\b/,
  'llama.cpp': /llama-server|llama\.cpp/,
};
const OWN: Record<HttpProviderKind, string[]> = {
  ollama: ['Ollama'],
  'lmstudio-rest': ['LM Studio'],
  'openai-compatible': ['llama.cpp'],
};

describe('failure wording per kind of server', () => {
  for (const kind of Object.keys(OWN) as HttpProviderKind[]) {
    it(`${kind}: every message names no other product`, () => {
      for (const text of everyText(kind)) {
        for (const [product, pattern] of Object.entries(PRODUCTS)) {
          if (OWN[kind].includes(product)) continue;
          expect(text, `${kind} text names ${product}`).not.toMatch(pattern);
        }
      }
    });
  }

  it('each kind gives its own steps for a server that is down, CORS and a refused key', () => {
    expect(cannotConnectText('ollama', URL).message).toContain('ollama serve');
    expect(cannotConnectText('lmstudio-rest', URL).message).toContain('lms server start');
    expect(corsBlockedText('ollama', URL, ORIGIN).message).toContain(`OLLAMA_ORIGINS=${ORIGIN}`);
    expect(corsBlockedText('lmstudio-rest', URL, ORIGIN).hint).toContain('Enable CORS');
    expect(corsBlockedText('openai-compatible', URL, ORIGIN).message).toContain(
      'Access-Control-Allow-Origin',
    );
    expect(httpStatusText('openai-compatible', 401, 'Invalid API Key')).toContain('--api-key');
  });

  it('the real provider of the OpenAI-compatible kind words its failures as that kind', async () => {
    const emulator = await startLMStudioRestEmulator();
    try {
      emulator.script({ httpError: { status: 401, body: { error: { message: 'Invalid API Key' } } } });
      const provider = await createProvider('openai-compatible', { baseUrl: emulator.url });
      const failure = await provider
        .complete([{ role: 'user', content: 'Hi' }], { model: 'm', signal: new AbortController().signal })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(ProviderError);
      const message = (failure as ProviderError).message;
      expect(message).toContain('OpenAI-compatible server answered with HTTP 401');
      expect(message).toContain('--api-key');
      expect(message).not.toMatch(PRODUCTS['LM Studio']!);
    } finally {
      await emulator.close();
    }
  });
});
