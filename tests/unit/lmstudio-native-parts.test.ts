/** The LM Studio native provider's small pure parts: address, error shapes, fragments, the browser guard. */
import { describe, expect, test } from 'vitest';
import { isSdkSocketErrorBug } from '../../src/lib/providers/lmstudio-native/browser-guard';
import { plainSdkMessage, toNativeProviderError } from '../../src/lib/providers/lmstudio-native/errors';
import { fragmentEvent } from '../../src/lib/providers/lmstudio-native/models';
import { normaliseNativeBaseUrl } from '../../src/lib/providers/lmstudio-native/url';

describe('normaliseNativeBaseUrl', () => {
  test.each([
    ['', 'ws://127.0.0.1:1234'],
    ['ws://127.0.0.1:1234/', 'ws://127.0.0.1:1234'],
    ['ws://localhost:4321///', 'ws://localhost:4321'],
    ['127.0.0.1:1234', 'ws://127.0.0.1:1234'],
    ['http://127.0.0.1:1234/v1', 'ws://127.0.0.1:1234'],
    ['https://lmstudio.example.com/v1/', 'wss://lmstudio.example.com'],
    ['wss://proxy.example.com/lmstudio', 'wss://proxy.example.com/lmstudio'],
    ['ws://127.0.0.1:1234/?x=1#y', 'ws://127.0.0.1:1234'],
  ])('%j -> %s', (input, expected) => {
    expect(normaliseNativeBaseUrl(input)).toEqual({ url: expected });
  });

  test.each(['ftp://127.0.0.1:1234', 'ws://user:pass@127.0.0.1:1234', 'ws://[bad'])(
    '%s is refused',
    (input) => {
      expect(normaliseNativeBaseUrl(input)).toHaveProperty('error');
    },
  );
});

describe('SDK error shapes', () => {
  const context = { phase: 'predict' as const, baseUrl: 'ws://127.0.0.1:1234' };

  test("the SDK's titled message loses its section headers", () => {
    expect(plainSdkMessage(' Model crashed \n\n\n   (X) CAUSE  \n\nOut of memory')).toBe(
      'Model crashed — Out of memory',
    );
  });

  test('Node ECONNREFUSED (by code) is a connection failure; after text it is a broken stream', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1234'), { code: 'ECONNREFUSED' });
    expect(toNativeProviderError(refused, context).kind).toBe('connection');
    expect(toNativeProviderError(refused, { ...context, partialText: 'Hel' })).toMatchObject({
      kind: 'stream-broken',
      partialText: 'Hel',
    });
  });

  test("a browser's reasonless close suggests CORS", () => {
    const closed = toNativeProviderError(new Error('WebSocket connection closed'), context);
    expect(closed).toMatchObject({ kind: 'connection', corsSuspected: true });
  });

  test('an unloaded model is model-not-found; an unknown server error outside a prediction is http', () => {
    expect(toNativeProviderError(new Error('This model has already been unloaded'), context).kind).toBe(
      'model-not-found',
    );
    expect(toNativeProviderError(new Error(' Oops '), { ...context, phase: 'list' })).toMatchObject({
      kind: 'http',
      message: 'LM Studio answered with an error: Oops',
    });
  });

  test('an abort wins over whatever the SDK threw', () => {
    const controller = new AbortController();
    controller.abort();
    const error = toNativeProviderError(new Error('WebSocket connection closed'), {
      ...context,
      signal: controller.signal,
      partialText: 'so far',
    });
    expect(error).toMatchObject({ kind: 'aborted', partialText: 'so far' });
  });
});

describe('fragments', () => {
  const base = { tokensCount: 1, containsDrafted: false, isStructural: false };
  test('answer, reasoning and tag fragments', () => {
    expect(fragmentEvent({ ...base, content: 'Hi', reasoningType: 'none' })).toEqual({
      type: 'text',
      text: 'Hi',
    });
    expect(fragmentEvent({ ...base, content: 'hmm', reasoningType: 'reasoning' })).toEqual({
      type: 'reasoning',
      text: 'hmm',
    });
    expect(fragmentEvent({ ...base, content: '<think>', reasoningType: 'reasoningStartTag' })).toBeNull();
    expect(fragmentEvent({ ...base, content: '</think>', reasoningType: 'reasoningEndTag' })).toBeNull();
    expect(fragmentEvent({ ...base, content: 'x', reasoningType: 'none', isStructural: true })).toBeNull();
  });
});

describe('browser guard', () => {
  test("matches only the SDK's TypeError from onWsError", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'code')");
    bug.stack = `${bug.message}\n    at WsClientTransport.onWsError (index.mjs:13132:19)`;
    expect(isSdkSocketErrorBug(bug)).toBe(true);
    const other = new TypeError("Cannot read properties of undefined (reading 'code')");
    other.stack = `${other.message}\n    at somethingElse (app.js:1:1)`;
    expect(isSdkSocketErrorBug(other)).toBe(false);
    expect(isSdkSocketErrorBug(new Error('onWsError code'))).toBe(false);
  });
});
