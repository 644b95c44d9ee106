/**
 * Where an answer's time went, for any answer: a fold-out under it with its phases (waiting, the
 * model loading as Ollama reports it, answering), a stall marked, the rate, saved with the answer.
 */
import { configureApp, expect, openApp, screenshot, sendMessage, test, ui } from './fixtures';

test('an answer’s timeline shows the model loading, a stall and the rate, and is kept across a reload', async ({
  page,
  emulators,
}) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const tokens = Array.from({ length: 30 }, (_, i) => `word${i} `);
  ollama.script({
    tokens,
    firstTokenDelayMs: 1200,
    tokenDelayMs: 15,
    pauseAfterTokens: { after: 12, ms: 1400 },
  });
  await sendMessage(page, 'Take your time.');
  const answer = ui(page).lastAnswer;
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 15_000 });
  await expect(answer).toContainText('word29');

  const toggle = answer.getByTestId('timeline-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const timeline = answer.getByTestId('answer-timeline');
  await expect(timeline.locator('[data-phase="loading"]')).toContainText(/^Loading the model 1\.\d\d s$/);
  await expect(timeline.locator('[data-phase="answering"]')).toContainText('Answering');
  // The emulator's prompt takes a few ms: drawn, not listed.
  await expect(timeline.locator('[data-phase="prompt"]')).toHaveCount(0);
  await expect(timeline.getByTestId('timeline-stall')).toHaveCount(1);
  await expect(timeline.getByTestId('timeline-summary')).toContainText(
    /^first token 1\.\d\d s · 1 stall \(1\.\d\d s\) · \d/,
  );
  await screenshot(page, 'answer-timeline');
  // The bar's positions are set through the CSSOM, which the page's CSP (no inline styles) allows.
  expect(refused).toEqual([]);

  await page.reload();
  const reopened = ui(page).lastAnswer;
  await reopened.getByTestId('timeline-toggle').click();
  await expect(reopened.getByTestId('timeline-stall')).toHaveCount(1);
  await expect(reopened.getByTestId('answer-timeline').locator('[data-phase="loading"]')).toBeVisible();
});
