import type { Locator } from '@playwright/test';
import { configureApp, expect, openApp, screenshot, sendMessage, test, ui } from './fixtures';

const ANSWER = [
  'Brooks',
  ' are',
  ' small',
  ' streams',
  '.',
  '\n\n',
  'They',
  ' feed',
  ' rivers',
  ' and',
  ' shape',
  ' valleys',
  '.',
];

test('dark theme follows the system, and the toggle forces light or dark', async ({ page, emulators }) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ANSWER });
  await page.emulateMedia({ colorScheme: 'dark' });
  await configureApp(page, { urls: { ollama: ollama.url }, theme: 'system' });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Tell me about brooks.');
  await expect(page.locator('article[data-status="complete"]')).toContainText('shape valleys');

  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const darkBg = await background();
  expect(darkBg).toBe('rgb(22, 23, 26)');
  await screenshot(page, '13-dark');

  const toggle = page.getByRole('button', { name: /^Theme:/ });
  await toggle.click(); // system → light
  await expect(toggle).toHaveAccessibleName(/Theme: light/);
  await expect.poll(background).toBe('rgb(255, 255, 255)');
  await toggle.click(); // light → dark
  await expect.poll(background).toBe(darkBg);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(background).toBe(darkBg); // forced dark ignores the system

  await page.reload();
  await expect.poll(background).toBe(darkBg); // and is remembered
});

test('at phone width (360 px) the header keeps to two rows and the sidebar is a drawer that opens, picks a chat and closes', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ANSWER });
  await page.setViewportSize({ width: 360, height: 640 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const nav = page.getByRole('navigation', { name: 'Conversations' });
  await expect(nav).not.toBeInViewport();

  await sendMessage(page, 'Tell me about brooks.');
  await expect(page.locator('article[data-status="complete"]')).toContainText('shape valleys');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The chat's title stays in sight at phone width (its own row in the header).
  await expect(page.locator('.header .title')).toBeInViewport();
  await expect(page.locator('.header .title')).toHaveText('Tell me about brooks.');
  // Two rows: the title shares the first with the chat's settings and export buttons; every control fits.
  const middle = async (locator: Locator) => {
    const box = await locator.boundingBox();
    return box ? box.y + box.height / 2 : Number.NaN;
  };
  const titleRow = await middle(page.locator('.header .title'));
  expect(Math.abs((await middle(page.getByTestId('chat-settings'))) - titleRow)).toBeLessThan(4);
  expect(Math.abs((await middle(page.getByLabel('Export this chat'))) - titleRow)).toBeLessThan(4);
  expect(await middle(ui(page).modelSelect)).toBeGreaterThan(titleRow + 16);
  for (const control of await page.locator('.header button, .header select, .header summary').all()) {
    const box = await control.boundingBox();
    expect(
      box && box.x >= 0 && box.x + box.width <= 360,
      await control.evaluate((e) => e.outerHTML.slice(0, 80)),
    ).toBe(true);
  }
  await screenshot(page, '14-phone');

  await page.getByRole('button', { name: 'Show or hide conversations' }).click();
  await expect(nav).toBeInViewport();
  await expect.poll(async () => (await nav.boundingBox())?.x).toBe(0); // slid fully in
  await screenshot(page, '15-phone-drawer');
  // Esc closes the drawer (and stops nothing).
  await page.keyboard.press('Escape');
  await expect(nav).not.toBeInViewport();
  await page.getByRole('button', { name: 'Show or hide conversations' }).click();
  await expect.poll(async () => (await nav.boundingBox())?.x).toBe(0);
  await page.getByTestId('new-chat').click();
  await expect(nav).not.toBeInViewport();
  await expect(ui(page).userMessages).toHaveCount(0);
  await expect(ui(page).input).toBeFocused();
});

test('screen readers hear short status lines, not the whole answer again', async ({ page, emulators }) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ANSWER, tokenDelayMs: 80 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);
  await expect(app.announcer).toHaveAttribute('aria-live', 'polite');

  await sendMessage(page, 'Tell me about brooks.');
  await expect(app.announcer).toHaveText(/Waiting for the model|Answering/);
  await expect(app.liveAnswer).toHaveAttribute('aria-busy', 'true');
  await expect(app.liveAnswer).toContainText('small streams');
  await expect(app.announcer).toHaveText('Answering…');
  await expect(app.announcer).toHaveText('Answer complete.');
  // The live region never carries answer text; the answer itself is not a live region.
  expect(await page.locator('[aria-live]').filter({ hasText: 'Brooks' }).count()).toBe(0);
});
