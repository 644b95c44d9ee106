/**
 * The Content-Security-Policy of the built app is in force: scripts only from the app itself,
 * nothing loaded from elsewhere, the page connecting only to itself, and the chat worker (which
 * the page's policy does not reach) connecting only to the configured servers.
 */
import type { Page, Worker } from '@playwright/test';
import { configureApp, expect, openApp, sendMessage, test } from './fixtures';

/** Collects CSP violations from the first moment of every document. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as { __violations?: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  return () => page.evaluate(() => [...((window as { __violations?: string[] }).__violations ?? [])]);
}

function chatWorker(page: Page): Worker {
  const worker = page.workers().find((w) => w.url().includes('chat-worker'));
  if (!worker) throw new Error('the chat worker is not running');
  return worker;
}

test('the built page carries the policy, and the whole app runs under it without a violation', async ({
  page,
  emulators,
}) => {
  const violations = await watchViolations(page);
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ['Here:\n\n', '```js\n', 'const x = 1;\n', '```\n', '\nDone.'] });
  await configureApp(page, { urls: { ollama: ollama.url } });
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).toContain("default-src 'none'");

  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Show me code.');
  await expect(page.locator('article[data-status="complete"] .md-code')).toContainText('const x = 1;');
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-appearance').click();
  await page.getByLabel('Dark').check();
  await page.getByRole('button', { name: 'Close settings' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await violations()).toEqual([]);
});

test('script injected into the page does not run: inline, event handler or code from a string', async ({
  page,
  emulators,
}) => {
  const violations = await watchViolations(page);
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inline = "ran"';
    document.body.append(script);
    const button = document.createElement('button');
    button.id = 'handler-test';
    button.setAttribute('onclick', 'window.__handler = "ran"');
    button.textContent = 'x';
    document.body.append(button);
  });
  await page.locator('#handler-test').click();
  // Code built from a string (what eval and new Function do) is refused too. A string timer runs
  // after this call, so the test tool's own exemption from the policy does not cover it.
  await page.evaluate(() => {
    (setTimeout as (code: string, ms: number) => number)('window.__fromString = "ran"', 0);
  });
  await expect.poll(violations).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src eval/)]));
  const state = await page.evaluate(() => ({
    inline: (window as { __inline?: string }).__inline,
    handler: (window as { __handler?: string }).__handler,
    fromString: (window as { __fromString?: string }).__fromString,
  }));
  expect(state).toEqual({ inline: undefined, handler: undefined, fromString: undefined });
  await expect
    .poll(violations)
    .toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^script-src-elem inline/),
        expect.stringMatching(/^script-src-attr inline/),
      ]),
    );
});

test('the page connects to nothing but itself: fetch and images to another server are refused', async ({
  page,
  emulators,
}) => {
  const violations = await watchViolations(page);
  const ollama = await emulators.ollama();
  const other = await emulators.ollama({ origins: ['*'] });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const fetched = await page.evaluate(
    (url) =>
      fetch(url).then(
        () => 'fetched',
        (error: unknown) => String(error),
      ),
    `${other.url}/api/tags`,
  );
  expect(fetched).toContain('Failed to fetch');
  await page.evaluate((url) => {
    const image = new Image();
    image.src = url;
    document.body.append(image);
  }, `${other.url}/pixel.png`);
  await expect
    .poll(violations)
    .toEqual(expect.arrayContaining([`connect-src ${other.url}/api/tags`, `img-src ${other.url}/pixel.png`]));
  expect(other.requests).toEqual([]);
});

test('the chat worker connects only to configured servers and follows no redirect', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  const other = await emulators.ollama({ origins: ['*'] });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const worker = chatWorker(page);

  // The configured server: reachable from the worker. Any other: refused before a byte is sent.
  const tryFetch = (url: string) =>
    worker.evaluate(
      (target) =>
        fetch(target).then(
          (r) => `status ${r.status}`,
          (e: Error) => e.message,
        ),
      url,
    );
  expect(await tryFetch(`${ollama.url}/api/version`)).toBe('status 200');
  expect(await tryFetch(`${other.url}/api/version`)).toContain('not one of the servers set in Settings');
  const socket = await worker.evaluate(
    (url) => {
      try {
        new WebSocket(url);
        return 'opened';
      } catch (error) {
        return (error as Error).message;
      }
    },
    other.url.replace('http', 'ws'),
  );
  expect(socket).toContain('not one of the servers set in Settings');

  // A configured server that redirects the answer elsewhere: refused, and the user is told why.
  ollama.script({ rawBody: { status: 307, chunks: [], headers: { Location: `${other.url}/api/chat` } } });
  await sendMessage(page, 'Where does this go?');
  const alert = page.locator('article[data-status="failed"]').getByRole('alert');
  await expect(alert).toContainText('redirected Brook');
  await expect(alert).toContainText('final address of the server in Settings');
  expect(other.requests).toEqual([]);
});
