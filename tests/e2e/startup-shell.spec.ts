/**
 * The start-up shell: index.html holds a placeholder of the layout, painted from HTML and CSS before the
 * script runs, which the app replaces when it mounts.
 */
import { configureApp, expect, openApp, test } from './fixtures';

test('the page paints its shell before any script runs, and the app takes its place', async ({
  browser,
  page,
  emulators,
}) => {
  // Without script: the shell alone, laid out as the app will be (a sidebar with the name, a composer).
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const bare = await noScript.newPage();
    await bare.goto('/');
    await expect(bare.locator('.boot-nav .boot-name')).toHaveText('Brook');
    await expect(bare.locator('.boot-nav .boot-name')).toBeVisible();
    const composer = await bare.locator('.boot-composer').boundingBox();
    expect(composer?.y ?? 0).toBeGreaterThan(600);
    expect(composer?.width ?? 0).toBeGreaterThan(500);
    // Painted: the browser reports the name as its first contentful paint.
    expect(await bare.evaluate(() => performance.getEntriesByName('first-contentful-paint').length)).toBe(1);
  } finally {
    await noScript.close();
  }

  // With script: the app mounts in its place, and none of the shell is left.
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await expect(page.locator('.boot-shell')).toHaveCount(0);
  await expect(page.getByTestId('composer-input')).toBeVisible();
});
