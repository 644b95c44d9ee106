import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureApp, expect, sendMessage, test, ui } from './fixtures';

interface Manifest {
  name: string;
  short_name: string;
  display: string;
  start_url: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

test('the web manifest is linked and served, its icons load, and Chromium finds the app installable', async ({
  playwright,
  launchOptions,
  baseURL,
}) => {
  // Installability needs a normal (not incognito) profile, so this test opens its own.
  const profile = mkdtempSync(join(tmpdir(), 'brook-pwa-'));
  const context = await playwright.chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await checkInstallable(page);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

async function checkInstallable(page: Page): Promise<void> {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const response = await page.request.get(new URL(href!, page.url()).href);
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as Manifest;
  expect(manifest).toMatchObject({ name: 'Brook', short_name: 'Brook', display: 'standalone' });
  const sizes = manifest.icons.filter((icon) => icon.type === 'image/png').map((icon) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const image = await page.request.get(new URL(icon.src, response.url()).href);
    expect(image.ok(), icon.src).toBe(true);
    expect(image.headers()['content-type']).toContain(icon.type);
  }

  const scriptUrl = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  expect(scriptUrl).toMatch(/\/sw\.js$/);

  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
}

test('the app starts offline from its cache, and the service worker never answers LLM server calls', async ({
  page,
  context,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ['Served', ' by', ' the', ' server'] });
  await configureApp(page, { urls: { ollama: ollama.url } });
  const fromServiceWorker: boolean[] = [];
  context.on('response', (response) => {
    if (response.url().startsWith(ollama.url)) fromServiceWorker.push(response.fromServiceWorker());
  });

  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(ui(page).modelSelect).toHaveValue('llama3.2:latest');
  await sendMessage(page, 'Hello');
  await expect(page.locator('article[data-status="complete"]')).toContainText('Served by the server');
  expect(ollama.requests.some((r) => r.method === 'POST' && r.path === '/api/chat')).toBe(true);
  expect(fromServiceWorker.length).toBeGreaterThan(0);
  expect(fromServiceWorker.every((served) => !served)).toBe(true);

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
    await expect(page.locator('article[data-role="user"]')).toHaveText(['Hello']);
    await expect(ui(page).input).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});
