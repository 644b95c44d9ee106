import { ProviderError } from '../errors';
import {
  cannotConnectText,
  corsBlockedText,
  mixedContentText,
  unknownBrowserFailureHint,
} from './http-error-text';
import type { HttpFailureContext } from './http-errors';

/**
 * "Nothing answered" diagnosis. Node says why a fetch failed (`cause.code` ECONNREFUSED, …); a
 * browser only says `TypeError: Failed to fetch`, which is also what a CORS block looks like.
 * A `no-cors` probe of the same server tells them apart: it resolves (with an opaque response)
 * when the server is up, so CORS is the block, and rejects when nothing listens.
 */

/** Resolves true when the server answered at all. */
export type ReachabilityProbe = (url: string, signal: AbortSignal) => Promise<boolean>;

const PROBE_TIMEOUT_MS = 3000;

export const noCorsProbe: ReachabilityProbe = async (url, signal) => {
  try {
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]);
    // The browser follows a redirect here whatever we ask (no-cors allows nothing else), so the
    // probe carries nothing: no Referer, no cookies, a bare GET of the server's own address.
    await fetch(url, {
      mode: 'no-cors',
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: bounded,
    });
    return true;
  } catch {
    return false;
  }
};

export interface ConnectionFailureOptions {
  signal: AbortSignal;
  /** The page's origin; defaults to `location.origin`, absent outside a browser. */
  pageOrigin?: string;
  probe?: ReachabilityProbe;
}

/** Turns a fetch that got no answer into a 'connection' error, naming CORS when it is the cause. */
export async function connectionFailure(
  error: unknown,
  ctx: HttpFailureContext,
  options: ConnectionFailureOptions,
): Promise<ProviderError> {
  const down = cannotConnectText(ctx, ctx.baseUrl);
  const code = systemErrorCode(error);
  const pageOrigin = options.pageOrigin ?? browserOrigin();
  const base = { provider: ctx.provider, cause: error };
  if (code !== undefined || pageOrigin === undefined) {
    const detail = code === undefined ? '' : ` (${code})`;
    return new ProviderError('connection', `${down.message}${detail}`, { ...base, hint: down.hint });
  }
  if (pageOrigin.startsWith('https:') && ctx.baseUrl.startsWith('http:')) {
    return new ProviderError('connection', mixedContentText(ctx.baseUrl), { ...base, hint: down.hint });
  }
  const answered = await (options.probe ?? noCorsProbe)(ctx.baseUrl, options.signal);
  if (answered) {
    const cors = corsBlockedText(ctx, ctx.baseUrl, pageOrigin);
    return new ProviderError('connection', cors.message, { ...base, hint: cors.hint, corsSuspected: true });
  }
  return new ProviderError('connection', down.message, {
    ...base,
    hint: `${down.hint} ${unknownBrowserFailureHint(ctx)}`,
  });
}

/** True for the errors fetch throws when no HTTP answer came at all. */
export function isFetchFailure(error: unknown): boolean {
  return error instanceof TypeError;
}

/** The OS-level reason Node attaches (`cause.code`, possibly nested or in an AggregateError). */
export function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = cause ?? (Array.isArray(errors) ? (errors as unknown[])[0] : undefined);
  }
  return undefined;
}

function browserOrigin(): string | undefined {
  const location = (globalThis as { location?: { origin?: unknown } }).location;
  return typeof location?.origin === 'string' && location.origin !== 'null' ? location.origin : undefined;
}
