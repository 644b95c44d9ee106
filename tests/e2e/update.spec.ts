/**
 * A new build never reloads a tab by itself mid-answer (fault 8 in docs/reliability.md). The
 * built app is copied to a folder served on its own port; the test then changes that copy's
 * service worker, as `git pull && npm start` would, and asks the browser to look for updates.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { configureApp, expect, test, ui } from './fixtures';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
};

/** Serves `root` on 127.0.0.1 (unknown paths get index.html, like the app's preview server). */
async function serve(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^\/+/,
      '',
    );
    let file = join(root, path || 'index.html');
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      file = join(root, 'index.html');
      body = readFileSync(file);
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('a new version waits: the answer streams on, the draft stays, and Update applies it', async ({
  page,
  emulators,
}) => {
  const root = mkdtempSync(join(tmpdir(), 'brook-update-'));
  cpSync('dist', root, { recursive: true });
  const { url, server } = await serve(root);
  try {
    const ollama = await emulators.ollama();
    await configureApp(page, { urls: { ollama: ollama.url } });
    await page.goto(url);
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await page.reload(); // from now on the page is controlled by the installed worker
    await expect(ui(page).modelSelect).toHaveValue('llama3.2:latest');
    await page.evaluate(() => ((window as { __samePage?: boolean }).__samePage = true));

    ollama.script({ tokens: Array.from({ length: 200 }, (_, i) => ` w${i}`), tokenDelayMs: 40 });
    const app = ui(page);
    await app.input.fill('Tell me a long story');
    await app.input.press('Enter');
    await expect(app.liveAnswer).toContainText('w2');
    await app.input.fill('my next question');

    // A new build is served, and the browser finds it.
    appendFileSync(join(root, 'sw.js'), '\n// a new build\n');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const notice = page.getByTestId('update-notice');
    await expect(notice).toContainText('A new version of Brook is ready');
    await expect(page.getByTestId('update-apply')).toHaveText('Update when this answer ends');

    // Nothing reloaded: the answer finishes in the same page, the draft is still there.
    await expect(page.locator('article[data-status="complete"]')).toContainText('w199');
    expect(await page.evaluate(() => (window as { __samePage?: boolean }).__samePage)).toBe(true);
    await expect(app.input).toHaveValue('my next question');

    // The user agrees: the page reloads on the new version, the draft comes back.
    await page.getByTestId('update-apply').click();
    await page.waitForFunction(() => !(window as { __samePage?: boolean }).__samePage);
    await expect(app.input).toHaveValue('my next question');
    await expect(page.getByTestId('update-notice')).toHaveCount(0);
    await expect(page.locator('article[data-status="complete"]')).toContainText('w199');
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  }
});
