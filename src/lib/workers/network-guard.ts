import { ProviderError } from '../providers/errors';

/**
 * The chat worker's own network policy. The page's Content-Security-Policy (a meta tag) does not
 * reach a dedicated worker: Chromium gives a worker only the CSP of its script's response. And no
 * static policy can list the servers a user configures. So the worker refuses, by itself, every
 * connection that is not to a server the page asked it to use (library probes, telemetry, an
 * answer's redirect to another host) or, while "Find servers" runs, to the documented local
 * ports. It refuses redirects, except where fetch allows no other way (see below).
 */
export class NetworkGuard {
  /** Each allowed origin, with how many allowances hold it open. */
  private readonly origins = new Map<string, number>();

  /**
   * Allows a server: its origin, and the same host and port over ws(s)/http(s). Returns what
   * takes this allowance back (a search of the local ports allows them only while it runs).
   */
  allow(baseUrl: string): () => void {
    const origins = serverOrigins(baseUrl);
    for (const origin of origins) this.origins.set(origin, (this.origins.get(origin) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const origin of origins) {
        const left = (this.origins.get(origin) ?? 1) - 1;
        if (left > 0) this.origins.set(origin, left);
        else this.origins.delete(origin);
      }
    };
  }

  permits(url: string): boolean {
    const origin = originOf(url);
    return origin !== undefined && this.origins.has(origin);
  }
}

const TWIN_SCHEME: Record<string, string> = {
  'http:': 'ws:',
  'https:': 'wss:',
  'ws:': 'http:',
  'wss:': 'https:',
};

/** The origins a configured base URL stands for (LM Studio serves REST and WebSocket on one port). */
export function serverOrigins(baseUrl: string): string[] {
  const trimmed = baseUrl.trim();
  // LM Studio native addresses may be typed without a scheme; the provider reads them as ws://.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `ws://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return [];
  }
  const twin = TWIN_SCHEME[url.protocol];
  return twin === undefined ? [url.origin] : [url.origin, `${twin}//${url.host}`];
}

function originOf(url: string): string | undefined {
  try {
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    const origin = new URL(url, base).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** The part of a worker scope (or globalThis) the guard wraps. */
export interface GuardedScope {
  fetch: typeof fetch;
  WebSocket?: typeof WebSocket;
}

function refused(url: string): ProviderError {
  return new ProviderError(
    'connection',
    `Brook did not connect to ${originOf(url) ?? url}: it is not one of the servers set in Settings.`,
    { hint: 'Add the server in Settings if you mean to use it.' },
  );
}

function redirected(url: string, location: string | null): ProviderError {
  const to = location ? ` to ${location}` : '';
  return new ProviderError(
    'connection',
    `The server at ${originOf(url) ?? url} redirected Brook${to}. Brook talks only to the servers set in Settings and follows no redirects.`,
    { hint: 'Enter the final address of the server in Settings.' },
  );
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/**
 * Replaces `scope.fetch` and `scope.WebSocket` with guarded versions; returns a function that
 * puts the originals back (for tests). Install it before any client library captures `fetch`.
 */
export function installNetworkGuard(scope: GuardedScope, guard: NetworkGuard): () => void {
  const realFetch = scope.fetch;
  const RealWebSocket = scope.WebSocket;
  scope.fetch = async (input, init) => {
    const url = urlOf(input);
    if (!guard.permits(url)) throw refused(url);
    const mode = init?.mode ?? (input instanceof Request ? input.mode : 'cors');
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (mode === 'no-cors' && method !== 'GET' && method !== 'HEAD') throw refused(url);
    // Every request leaves without a Referer or cookies. Redirects are refused, except that a
    // no-cors request must follow them (the Fetch standard and Chromium fail any other mode):
    // that is only the reachability probe, a bare GET whose answer stays opaque.
    const safe: RequestInit = { ...init, referrerPolicy: 'no-referrer', credentials: 'omit' };
    const response = await realFetch.call(
      scope,
      input,
      mode === 'no-cors' ? { ...safe, redirect: 'follow' } : { ...safe, redirect: 'manual' },
    );
    const isRedirect = response.status >= 300 && response.status < 400;
    if (response.type === 'opaqueredirect' || isRedirect) {
      await response.body?.cancel().catch(() => undefined);
      throw redirected(url, response.headers.get('location'));
    }
    return response;
  };
  if (RealWebSocket !== undefined) {
    scope.WebSocket = class GuardedWebSocket extends RealWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        if (!guard.permits(String(url))) throw refused(String(url));
        super(url, protocols);
      }
    };
  }
  return () => {
    scope.fetch = realFetch;
    if (RealWebSocket !== undefined) scope.WebSocket = RealWebSocket;
  };
}
