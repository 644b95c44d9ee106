import { configureApp, expect, openApp, paragraphs, screenshot, sendMessage, test, ui } from './fixtures';
import type { Locator } from '@playwright/test';

const distanceFromBottom = (scroller: Locator) =>
  scroller.evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop);
const scrollTop = (scroller: Locator) => scroller.evaluate((el) => el.scrollTop);

test('auto-scroll follows at the bottom, yields the moment the reader scrolls up, and Jump to latest resumes', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: paragraphs(45, 8), tokenDelayMs: 20 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);

  await sendMessage(page, 'Write a lot.');
  // Following: the view keeps to the end while the answer grows past the screen.
  await expect.poll(() => scrollTop(app.scroller)).toBeGreaterThan(300);
  await expect.poll(() => distanceFromBottom(app.scroller)).toBeLessThan(5);
  await expect(app.liveAnswer).toHaveAttribute('aria-busy', 'true');
  await expect(app.jump).toHaveCount(0);

  // The reader scrolls up: following stops at once and the view stays where they put it.
  await app.scroller.hover();
  await page.mouse.wheel(0, -500);
  await expect.poll(() => distanceFromBottom(app.scroller)).toBeGreaterThan(200);
  await expect(app.jump).toBeVisible();
  const readerTop = await scrollTop(app.scroller);
  await expect(app.liveAnswer).toContainText('Paragraph 22:');
  expect(Math.abs((await scrollTop(app.scroller)) - readerTop)).toBeLessThanOrEqual(1);
  expect(await distanceFromBottom(app.scroller)).toBeGreaterThan(200);
  await screenshot(page, '06-scrolled-up-jump-to-latest');

  // Jump to latest: back at the end, and following again as more arrives.
  await app.jump.click();
  await expect(app.jump).toHaveCount(0);
  await expect.poll(() => distanceFromBottom(app.scroller)).toBeLessThan(5);
  await expect(app.liveAnswer).toContainText('Paragraph 32:');
  await expect.poll(() => distanceFromBottom(app.scroller)).toBeLessThan(5);

  // The finished answer ends where the reader is.
  await expect(page.locator('article[data-status="complete"]')).toContainText('Paragraph 45:');
  await expect.poll(() => distanceFromBottom(app.scroller)).toBeLessThan(5);
});

test('scrolling back down to the end resumes following without the button', async ({ page, emulators }) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: paragraphs(40, 8), tokenDelayMs: 20 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);

  await sendMessage(page, 'Write a lot.');
  await expect.poll(() => scrollTop(app.scroller)).toBeGreaterThan(300);
  await app.scroller.hover();
  await page.mouse.wheel(0, -400);
  await expect(app.jump).toBeVisible();
  await app.scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(app.jump).toHaveCount(0);
  await expect(app.liveAnswer).toContainText('Paragraph 25:');
  await expect.poll(() => distanceFromBottom(app.scroller)).toBeLessThan(5);
});
