import { configureApp, expect, openApp, screenshot, sendMessage, test, textOf, ui } from './fixtures';

const TOKENS = Array.from({ length: 300 }, (_, i) => ` w${i}`);

test('reload mid-answer: the partial answer is back after the reload, marked interrupted', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: TOKENS, tokenDelayMs: 40 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);

  await sendMessage(page, 'Keep going.');
  await expect(app.liveAnswer).toContainText('w30');
  const seen = (await textOf(app.liveAnswer.locator('.prose'))).trim();
  await page.reload();

  const interrupted = page.locator('article[data-role="assistant"][data-status="interrupted"]');
  await expect(interrupted).toBeVisible();
  const kept = (await textOf(interrupted.locator('.prose'))).trim();
  expect(kept.startsWith(seen)).toBe(true);
  await expect(interrupted.getByTestId('incomplete-marker')).toContainText('Interrupted');
  await expect(app.userMessages).toHaveText(['Keep going.']);
  await expect(page.locator('[data-testid="conversation-item"]')).toHaveCount(1);
  // The reload closed the request: the server stopped generating.
  await ollama.waitForRequestConnectionsClosed();
  expect(ollama.outcomes).toEqual(['gone']);
  await screenshot(page, '10-interrupted-after-reload');

  // The interrupted answer can be answered again.
  ollama.script({ tokens: ['Done', '.'] });
  await interrupted.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('article[data-status="complete"]')).toHaveText(/Done\./);
  await expect(app.answers).toHaveCount(1);
});

test('a tab closed mid-answer: another tab finds the text saved while it streamed', async ({
  page,
  context,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: TOKENS, tokenDelayMs: 40 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);

  await sendMessage(page, 'Keep going.');
  // Past the first throttled save (about one second of tokens).
  await expect(app.liveAnswer).toContainText('w40');
  const seen = (await textOf(app.liveAnswer.locator('.prose'))).trim();
  await page.close();

  const next = await context.newPage();
  await next.goto('/');
  const saved = next.locator('article[data-role="assistant"]');
  await expect(saved).toBeVisible();
  const kept = (await textOf(saved.locator('.prose'))).trim();
  // At least what the throttled saves had written (the last one at most ~1 s before the close).
  expect(kept.length).toBeGreaterThan(0);
  expect(seen.startsWith(kept) || kept.startsWith(seen)).toBe(true);
  await expect(saved).toHaveAttribute('data-status', /interrupted|elsewhere/);
});
