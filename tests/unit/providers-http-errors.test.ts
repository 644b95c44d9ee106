import { describe, expect, it } from 'vitest';
import { APIConnectionTimeoutError } from 'openai';
import {
  connectionFailure,
  noCorsProbe,
  systemErrorCode,
} from '../../src/lib/providers/http/http-connection';
import { httpStatusError, serverMessage } from '../../src/lib/providers/http/http-errors';
import { describeOpenAIFailure } from '../../src/lib/providers/openai-compatible/errors';
import { startOllamaEmulator } from '../emulators/ollama-emulator';

const OLLAMA = { provider: 'ollama' as const, baseUrl: 'http://127.0.0.1:11434' };
const LMSTUDIO = { provider: 'lmstudio-rest' as const, baseUrl: 'http://127.0.0.1:1234/v1' };
const signal = () => new AbortController().signal;
/** What a browser throws for a refused connection and for a CORS block alike. */
const browserFailure = () => new TypeError('Failed to fetch');

describe('serverMessage', () => {
  it("reads each server's error body shape", () => {
    expect(serverMessage({ error: 'model is required' })).toBe('model is required');
    expect(serverMessage({ error: { message: 'Model crashed', type: 'server_error' } })).toBe(
      'Model crashed',
    );
    expect(serverMessage({ object: 'error', message: 'vLLM says no' })).toBe('vLLM says no');
    expect(serverMessage({ detail: 'FastAPI validation' })).toBe('FastAPI validation');
    expect(serverMessage('{"error":"as text"}')).toBe('as text');
    expect(serverMessage('  Bad Gateway  ')).toBe('Bad Gateway');
    expect(serverMessage('')).toBeUndefined();
    expect(serverMessage({ nothing: 1 })).toBeUndefined();
    expect(serverMessage('x'.repeat(600))).toHaveLength(501);
  });
});

describe('httpStatusError', () => {
  it('recognises "model not found" in its several wordings, and only for 400/404', () => {
    const ctx = { ...OLLAMA, model: 'm' };
    expect(httpStatusError(ctx, 404, "model 'm' not found").kind).toBe('model-not-found');
    expect(httpStatusError(ctx, 404, 'model "m" not found, try pulling it first').kind).toBe(
      'model-not-found',
    );
    expect(httpStatusError(ctx, 404, 'The model `m` does not exist').kind).toBe('model-not-found');
    expect(httpStatusError(ctx, 400, 'anything', { code: 'model_not_found' }).kind).toBe('model-not-found');
    expect(httpStatusError(ctx, 404, '404 page not found').kind).toBe('http');
    expect(httpStatusError(ctx, 500, "model 'm' not found").kind).toBe('http');
  });

  it('says what to do for 401/403 per server', () => {
    expect(httpStatusError(LMSTUDIO, 401, undefined).message).toContain(
      'enter it in the connection settings',
    );
    expect(httpStatusError(OLLAMA, 403, undefined).message).toContain('OLLAMA_ORIGINS');
  });
});

describe('connectionFailure', () => {
  it('in Node: kind "connection" with the system error code, no CORS suspicion', async () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    const typed = await connectionFailure(error, OLLAMA, {
      signal: signal(),
      probe: () => Promise.reject(new Error('no probe')),
    });
    expect(typed.kind).toBe('connection');
    expect(typed.corsSuspected).toBe(false);
    expect(typed.message).toBe(
      'Cannot reach Ollama at http://127.0.0.1:11434. Check that Ollama is running (`ollama serve`) and that the address and port are right. (ECONNREFUSED)',
    );
  });

  it('in a browser, a server that answers a no-cors probe means CORS: OLLAMA_ORIGINS for Ollama', async () => {
    const typed = await connectionFailure(browserFailure(), OLLAMA, {
      signal: signal(),
      pageOrigin: 'http://brook.lan:5173',
      probe: async () => true,
    });
    expect(typed).toMatchObject({ kind: 'connection', corsSuspected: true, provider: 'ollama' });
    expect(typed.message).toBe(
      'Ollama at http://127.0.0.1:11434 is running but refuses requests from this page (http://brook.lan:5173). Allow it: set OLLAMA_ORIGINS=http://brook.lan:5173 for the Ollama server and restart it.',
    );
    expect(typed.hint).toBe(
      'Set OLLAMA_ORIGINS=http://brook.lan:5173 in the environment of the Ollama server and restart it (Ollama allows only localhost pages by default).',
    );
  });

  it('in a browser, CORS for LM Studio names Enable CORS and `lms server start --cors`', async () => {
    const typed = await connectionFailure(browserFailure(), LMSTUDIO, {
      signal: signal(),
      pageOrigin: 'http://localhost:5173',
      probe: async () => true,
    });
    expect(typed.corsSuspected).toBe(true);
    expect(typed.message).toContain('Enable CORS');
    expect(typed.hint).toContain('Enable CORS');
    expect(typed.hint).toContain('lms server start --cors');
  });

  it('in a browser, a probe that fails too means the server is down (CORS only named as a maybe)', async () => {
    const typed = await connectionFailure(browserFailure(), LMSTUDIO, {
      signal: signal(),
      pageOrigin: 'http://localhost:5173',
      probe: async () => false,
    });
    expect(typed.corsSuspected).toBe(false);
    expect(typed.message).toContain('Cannot reach LM Studio at http://127.0.0.1:1234/v1');
    expect(typed.hint).toContain('Enable CORS');
  });

  it('an https page calling an http server is blocked as mixed content, without probing', async () => {
    const typed = await connectionFailure(browserFailure(), OLLAMA, {
      signal: signal(),
      pageOrigin: 'https://brook.example',
      probe: () => Promise.reject(new Error('must not probe')),
    });
    expect(typed.corsSuspected).toBe(false);
    expect(typed.message).toBe(
      'This page is served over HTTPS, and browsers block its calls to http:// servers such as http://127.0.0.1:11434. Open Brook from http://localhost instead.',
    );
  });

  it('the real no-cors probe resolves for a live server and not for a closed port', async () => {
    const emulator = await startOllamaEmulator();
    expect(await noCorsProbe(emulator.url, signal())).toBe(true);
    await emulator.close();
    expect(await noCorsProbe(emulator.url, signal())).toBe(false);
  });

  it('finds the code in nested causes and AggregateErrors', () => {
    const inner = Object.assign(new Error('x'), { code: 'ECONNRESET' });
    expect(systemErrorCode(new TypeError('fetch failed', { cause: new AggregateError([inner]) }))).toBe(
      'ECONNRESET',
    );
    expect(systemErrorCode(new TypeError('Failed to fetch'))).toBeUndefined();
  });
});

describe('describeOpenAIFailure', () => {
  it("maps the package's timeout to kind 'timeout'", async () => {
    const typed = await describeOpenAIFailure(LMSTUDIO, signal())(new APIConnectionTimeoutError(), false);
    expect(typed.kind).toBe('timeout');
    expect(typed.message).toBe(
      'LM Studio did not answer in time. Check that it is not stuck loading a model, then try again.',
    );
  });
});
