/**
 * A configured server that redirects must not send Brook to an origin the user never set up.
 * The worker's guard refuses every redirect of a normal request (and says so); the one request
 * a browser must let follow a redirect, the no-cors reachability probe (the Fetch standard fails
 * a no-cors request with any other redirect mode, and Chromium does), carries nothing: no
 * Referer, no Origin, no cookies, no body. A second origin records everything it is sent.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { configureServers, expect, sendMessage, test } from './fixtures';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** The other origin: answers everything, remembers every request. */
async function otherOrigin(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' });
    res.end('{"models":[]}');
  });
  const url = await listen(server);
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, seen, close };
}

/** The configured "server": redirects every request to `target`, with or without CORS headers. */
async function redirecting(target: string, cors: boolean): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const headers: Record<string, string> = { Location: `${target}${req.url ?? '/'}` };
    if (cors) {
      headers['Access-Control-Allow-Origin'] = '*';
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...headers,
          'Access-Control-Allow-Headers': '*',
          'Access-Control-Allow-Methods': '*',
        });
        return res.end();
      }
    }
    res.writeHead(302, headers);
    res.end();
  });
  const url = await listen(server);
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, close };
}

for (const cors of [true, false]) {
  test(`a server that redirects (${cors ? 'with' : 'without'} CORS headers) sends Brook nowhere else`, async ({
    page,
  }) => {
    const other = await otherOrigin();
    const server = await redirecting(other.url, cors);
    try {
      await page.context().addCookies([{ name: 'session', value: 'secret', url: other.url }]);
      await configureServers(page, [{ id: 'r', kind: 'ollama', name: 'Redirecting', url: server.url }], {
        models: { r: 'llama3.2:latest' },
      });
      await page.goto('/');
      await expect(page.getByTestId('connection-error')).toBeVisible();
      if (cors)
        await expect(page.getByTestId('connection-error')).toContainText(
          `The server at ${server.url} redirected Brook`,
        );
      await sendMessage(page, 'Where does this go?');
      await expect(page.locator('article[data-role="assistant"][data-status="failed"]')).toBeVisible();

      // Nothing of Brook's requests reached the other origin: no API call, no body, no identity.
      expect(other.seen.filter((r) => r.path.startsWith('/api/') || r.method !== 'GET')).toEqual([]);
      for (const request of other.seen) {
        expect(request.headers['referer'], 'Referer sent').toBeUndefined();
        expect(request.headers['origin'], 'Origin sent').toBeUndefined();
        expect(request.headers['cookie'], 'cookie sent').toBeUndefined();
      }
      // With CORS headers the redirect is seen and refused: the other origin gets nothing at all.
      if (cors) expect(other.seen).toEqual([]);
    } finally {
      await server.close();
      await other.close();
    }
  });
}
