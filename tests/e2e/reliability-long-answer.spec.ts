/**
 * A 1,000,000-character answer streamed into the real app: the page keeps answering the user (a
 * script round trip and a click) while it streams, and the whole answer, not one character less,
 * is on screen and in IndexedDB.
 */
import { configureApp, expect, openApp, sendMessage, test, ui } from './fixtures';
import { storedAnswers } from './reliability-helpers';

const LENGTH = 1_000_000;
const TOKEN_LENGTH = 100;
/** The page must answer a script round trip within this while the answer streams (a stuck page does not). */
const RESPONSIVE_MS = 1_500;

/** Paragraphs of words, exactly LENGTH characters. */
function longAnswer(): string {
  const paragraph = `${'the brook runs on and on '.repeat(40).trim()}.\n\n`;
  return paragraph.repeat(Math.ceil(LENGTH / paragraph.length)).slice(0, LENGTH - 4) + 'END.';
}

test('a 1,000,000-character answer: the page stays responsive while it streams, and all of it is kept', async ({
  page,
  emulators,
}) => {
  test.setTimeout(180_000);
  const answer = longAnswer();
  const tokens: string[] = [];
  for (let at = 0; at < answer.length; at += TOKEN_LENGTH) tokens.push(answer.slice(at, at + TOKEN_LENGTH));
  const ollama = await emulators.ollama();
  // 10,000 tokens at 2,000 tokens/s: about five seconds of streaming.
  ollama.script({ tokens, tokensPerSecond: 2_000 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);

  await sendMessage(page, 'Write a very long answer.');
  await expect(app.liveAnswer).toContainText('the brook runs');

  // While it streams: script round trips and a click that toggles the sidebar both get answered.
  const toggle = page.getByRole('button', { name: 'Show or hide conversations' });
  const roundTrips: number[] = [];
  let clicks = 0;
  while ((await app.liveAnswer.count()) > 0 && roundTrips.length < 200) {
    const started = Date.now();
    await page.evaluate(() => document.querySelectorAll('article').length);
    roundTrips.push(Date.now() - started);
    if (roundTrips.length % 5 === 0 && (await app.liveAnswer.count()) > 0) {
      const wasOpen = await page.locator('.app.nav-open').count();
      await toggle.click();
      await expect(page.locator('.app.nav-open')).toHaveCount(wasOpen === 1 ? 0 : 1);
      clicks += 1;
    }
  }
  expect(roundTrips.length, 'the stream ended before it could be measured').toBeGreaterThan(5);
  expect(clicks).toBeGreaterThan(0);
  expect(Math.max(...roundTrips)).toBeLessThan(RESPONSIVE_MS);

  const done = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect(done).toContainText('END.', { timeout: 60_000 });
  // On screen: every word (the rendered text is the answer without its paragraph breaks).
  const shownLength = await done
    .getByTestId('answer-body')
    .evaluate((el) => (el.textContent ?? '').replace(/\s+/g, '').length);
  expect(shownLength).toBe(answer.replace(/\s+/g, '').length);
  // In IndexedDB: the answer exactly.
  await expect
    .poll(async () => (await storedAnswers(page)).map((message) => message.content.length))
    .toEqual([LENGTH]);
  const [stored] = await storedAnswers(page);
  expect(stored?.content === answer).toBe(true);
  expect(stored?.status).toBe('complete');
});
