import { DEFAULT_LMSTUDIO_NATIVE_URL } from './hints';

/**
 * Turns what a user typed into the base URL `@lmstudio/sdk` accepts: ws:// or wss://, no
 * trailing slash, no query, hash or credentials (the SDK throws on each of those).
 *
 * Friendly conversions, because users paste the REST address they already know:
 * - empty -> the default `ws://127.0.0.1:1234`;
 * - no scheme -> `ws://`; `http://` -> `ws://`; `https://` -> `wss://`;
 * - a trailing `/v1` (the OpenAI-compatible API's prefix) is dropped: the SDK's sockets live
 *   at `/<namespace>` on the same port.
 *
 * Returns `{ error }` rather than throwing, so that the provider can report a typed error when
 * it is first used instead of failing in its constructor.
 */
export function normaliseNativeBaseUrl(input: string | undefined): { url: string } | { error: string } {
  let raw = (input ?? '').trim();
  if (raw === '') return { url: DEFAULT_LMSTUDIO_NATIVE_URL };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) raw = `ws://${raw}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {
      error: `"${input}" is not a valid address. Use ws://HOST:PORT, e.g. ${DEFAULT_LMSTUDIO_NATIVE_URL}.`,
    };
  }
  const scheme = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }[url.protocol];
  if (scheme === undefined) {
    return { error: `LM Studio's native API needs a ws:// or wss:// address, not ${url.protocol}//.` };
  }
  if (url.username !== '' || url.password !== '') {
    return { error: 'The LM Studio address must not contain a user name or password.' };
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { url: `${scheme}//${url.host}${path}` };
}
