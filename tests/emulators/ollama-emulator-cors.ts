import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Ollama's CORS, as its server configures gin-contrib/cors (server/routes.go GenerateRoutes,
 * envconfig AllowedOrigins): origins on localhost, 127.0.0.1 and 0.0.0.0 (http and https, any
 * port) plus app://, file://, tauri:// are allowed, and OLLAMA_ORIGINS adds more (a `*` inside a
 * pattern is a wildcard, `*` alone allows every origin). Another origin gets 403 with no body,
 * a preflight from an allowed one 204 with the allowed methods and headers.
 */

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '0.0.0.0'];

export const OLLAMA_DEFAULT_ORIGINS = [
  ...LOCAL_HOSTS.flatMap((host) => [
    `http://${host}`,
    `https://${host}`,
    `http://${host}:*`,
    `https://${host}:*`,
  ]),
  'app://*',
  'file://*',
  'tauri://*',
];

/** The request headers Ollama lets browsers send (its AllowHeaders list). */
export const OLLAMA_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'User-Agent',
  'Accept',
  'X-Requested-With',
  'OpenAI-Beta',
  'x-stainless-arch',
  'x-stainless-async',
  'x-stainless-custom-poll-interval',
  'x-stainless-helper-method',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-package-version',
  'x-stainless-poll-helper',
  'x-stainless-retry-count',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-timeout',
];

const ALLOWED_METHODS = 'GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS';
const PREFLIGHT_MAX_AGE_SECONDS = '43200';

export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const star = pattern.indexOf('*');
    if (star === -1) return pattern === origin;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    return (
      origin.length >= prefix.length + suffix.length && origin.startsWith(prefix) && origin.endsWith(suffix)
    );
  });
}

/**
 * Applies Ollama's CORS rules. Returns true when the request has been answered here (a
 * preflight or a refusal); otherwise the response carries the CORS headers and routing goes on.
 */
export function applyOllamaCors(
  req: IncomingMessage,
  res: ServerResponse,
  extraOrigins: readonly string[],
): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  // Same-origin requests that still carry Origin are not CORS requests (gin-contrib/cors).
  const host = req.headers.host ?? '';
  if (origin === `http://${host}` || origin === `https://${host}`) return false;
  const allowAll = extraOrigins.includes('*');
  if (!allowAll && !originAllowed(origin, [...extraOrigins, ...OLLAMA_DEFAULT_ORIGINS])) {
    res.writeHead(403, { 'Content-Length': 0 });
    res.end();
    return true;
  }
  const allowOrigin = allowAll ? '*' : origin;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Origin': allowOrigin,
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': OLLAMA_ALLOWED_HEADERS.join(','),
      'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
      Vary: 'Origin',
    });
    res.end();
    return true;
  }
  res.setHeader('Access-Control-Allow-Origin', allowOrigin);
  res.setHeader('Vary', 'Origin');
  return false;
}
