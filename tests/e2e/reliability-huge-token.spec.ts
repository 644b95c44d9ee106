/**
 * A runaway answer: one 50 MB token with no spaces or newlines (a model stuck on one character, or a
 * hostile server). The page keeps answering while it streams and when the conversation is opened again at
 * start-up; it draws the first part and says so; the whole answer, not one character less, is saved.
 * (How long the page's longest task takes is a figure for `npm run bench`; this test only proves it never
 * stalls the way it did: 8–22 s frozen, at every start.)
 */
import type { Page } from '@playwright/test';
import { configureApp, expect, openApp, sendMessage, test, ui } from './fixtures';

const LENGTH = 50_000_000;
/** What the page draws of it (src/lib/components/display-limit.ts). */
const SHOWN = 1_048_576;
/** No task of the page may take this long (a stuck page does: 8–22 s before the display limit). */
const RESPONSIVE_MS = 1_500;

/** Records the page's long tasks (over 50 ms) from its start, in the page itself: the test process also
 * runs the emulator, whose 50 MB write would skew a round-trip measure. */
function watchLongTasks(page: Page) {
  return page.addInitScript(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The longest task since the page started (0 when none took over 50 ms) and how many there were. */
function longTasks(page: Page) {
  return page.evaluate(() => {
    const tasks = (window as unknown as { __longTasks: number[] }).__longTasks;
    return { count: tasks.length, longest: Math.max(0, ...tasks) };
  });
}

/** The stored answer's length, and whether it is exactly the token (checked in the page: 50 MB stays there). */
function storedAnswer(page: Page) {
  return page.evaluate(
    (length) =>
      new Promise<{ length: number; exact: boolean; status: string }[]>((resolve, reject) => {
        const open = indexedDB.open('brook');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('messages').objectStore('messages').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const answers = (request.result as { role: string; content: string; status: string }[]).filter(
              (message) => message.role === 'assistant',
            );
            resolve(
              answers.map((answer) => ({
                length: answer.content.length,
                exact: answer.content === 'x'.repeat(length),
                status: answer.status,
              })),
            );
            open.result.close();
          };
        };
      }),
    LENGTH,
  );
}

test('one 50 MB token: the page stays responsive streaming it and reopening it, and all of it is saved', async ({
  page,
  emulators,
}) => {
  test.setTimeout(240_000);
  await watchLongTasks(page);
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ['x'.repeat(LENGTH)] });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);
  const answer = page.locator('article[data-role="assistant"]');
  const cut = answer.getByTestId('display-cut');
  // Drawn: the answer is complete and its first part is all on screen, with the note after it.
  const shownLength = () =>
    answer.getByTestId('answer-body').evaluate(
      (element) =>
        Array.from(
          element.querySelectorAll('.markdown > :not(.md-display-cut)'),
          (child) => child.textContent ?? '',
        )
          .join('')
          .replace(/\s+/g, '').length,
    );
  const drawn = async () =>
    (await page.locator('article[data-role="assistant"][data-status="complete"]').count()) === 1 &&
    (await cut.count()) === 1 &&
    (await answer.getByTestId('unrendered-text').count()) === 0 &&
    (await shownLength()) === SHOWN;

  await sendMessage(page, 'Say x, a lot.');
  await expect.poll(drawn, { timeout: 120_000 }).toBe(true);
  // The start-up's own tasks are in this figure too; it was one task of 8–22 s before.
  const streamed = await longTasks(page);
  expect(streamed.longest).toBeLessThan(RESPONSIVE_MS);
  await expect(cut).toContainText('Brook shows the first 1,048,576 of these 50,000,000 characters');
  // What is drawn is the first part, in paragraph parts (each laid out once), nothing more.
  const text = await answer
    .getByTestId('answer-body')
    .evaluate((element) =>
      Array.from(
        element.querySelectorAll('.markdown > :not(.md-display-cut)'),
        (child) => child.textContent ?? '',
      ).join(''),
    );
  expect(text === 'x'.repeat(SHOWN), 'the first 1,048,576 characters, exactly').toBe(true);
  expect(await answer.locator('.md-paragraph-part').count()).toBeGreaterThan(30);
  await expect.poll(() => storedAnswer(page)).toEqual([{ length: LENGTH, exact: true, status: 'complete' }]);

  // Start-up with it open again: the page answers while it loads and draws the answer.
  await page.reload();
  await expect.poll(drawn, { timeout: 120_000 }).toBe(true);
  const reopened = await longTasks(page);
  expect(reopened.longest).toBeLessThan(RESPONSIVE_MS);
  await expect(app.answers).toHaveCount(1);
  expect(await storedAnswer(page)).toEqual([{ length: LENGTH, exact: true, status: 'complete' }]);
});
