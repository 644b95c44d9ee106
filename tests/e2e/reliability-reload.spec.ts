/**
 * The tab reloaded or closed mid-answer: the words that reached the page are kept (saved while
 * streaming, and a synchronous copy at page hide), the answer is marked incomplete, and the
 * server sees its connection closed.
 */
import { configureApp, expect, openApp, sendMessage, test, textOf, ui } from './fixtures';
import { storedAnswers } from './reliability-helpers';

const TOKENS = Array.from({ length: 400 }, (_, i) => ` w${i}`);

/** The live answer's text as the page has it right now. */
async function liveText(page: import('@playwright/test').Page): Promise<string> {
  return (await textOf(ui(page).liveAnswer.getByTestId('answer-body'))).trim();
}

test('reload mid-answer: every word the page had is back after the reload, marked interrupted', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: TOKENS, tokenDelayMs: 20 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Count for me.');
  await expect(ui(page).liveAnswer).toContainText('w50');
  const seen = await liveText(page);
  await page.reload();

  const kept = page.locator('article[data-role="assistant"][data-status="interrupted"]');
  await expect(kept.getByTestId('incomplete-marker')).toContainText('Interrupted');
  const keptText = (await textOf(kept.getByTestId('answer-body'))).trim();
  expect(keptText.startsWith(seen), `kept "${keptText.slice(-40)}" lost part of "${seen.slice(-40)}"`).toBe(
    true,
  );
  // Only words the server sent, in order: nothing invented, nothing repeated.
  expect(TOKENS.join('').trim().startsWith(keptText)).toBe(true);
  const [stored] = await storedAnswers(page);
  expect(stored?.status).toBe('interrupted');
  expect(stored?.content.trim()).toBe(keptText);
  await ollama.waitForRequestConnectionsClosed();
  expect(ollama.outcomes).toEqual(['gone']);
});

test('tab closed mid-answer: a new tab finds everything saved up to a second before the close', async ({
  page,
  context,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: TOKENS, tokenDelayMs: 20 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Count for me.');
  await expect(ui(page).liveAnswer).toContainText('w10');
  const seenEarly = await liveText(page);
  // Saves run at most once a second while streaming: after that long, what was seen is saved.
  await expect(ui(page).liveAnswer).toContainText('w80');
  const seenLate = await liveText(page);
  await page.close();

  const next = await context.newPage();
  await next.goto('/');
  const kept = next.locator('article[data-role="assistant"]');
  await expect(kept.getByTestId('answer-body')).toBeVisible();
  const keptText = (await textOf(kept.getByTestId('answer-body'))).trim();
  expect(keptText.startsWith(seenEarly)).toBe(true);
  expect(TOKENS.join('').trim().startsWith(keptText)).toBe(true);
  // The close ended the request: the server stopped generating.
  await ollama.waitForRequestConnectionsClosed();
  expect(ollama.outcomes).toEqual(['gone']);
  // Incomplete either way: interrupted (the page-hide copy was written) or, for ten seconds after
  // its last save, "being written elsewhere"; never complete.
  await expect(kept).toHaveAttribute('data-status', /interrupted|elsewhere/);
  test.info().annotations.push({
    type: 'kept',
    description: `${keptText.length} of ${seenLate.length} characters seen at the close`,
  });
});
