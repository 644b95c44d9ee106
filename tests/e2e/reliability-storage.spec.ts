/**
 * IndexedDB refusing writes (a full quota, or any failure): the user gets a clear message, and the
 * answer still streams to the screen and can be copied. The failure is injected by making
 * IDBObjectStore.put throw QuotaExceededError once the test sets a flag.
 */
import { configureApp, expect, openApp, sendMessage, test, ui } from './fixtures';
import { storedAnswers } from './reliability-helpers';

const ANSWER = ['The', ' answer', ' that', ' could', ' not', ' be', ' saved', ' is', ' still', ' here', '.'];

test('a full storage quota: a clear message, the answer on screen and copyable', async ({
  page,
  context,
  emulators,
}) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if ((window as { __failWrites?: string }).__failWrites === 'quota') {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ANSWER, tokenDelayMs: 20 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(page.url()).origin,
  });
  const app = ui(page);

  await page.evaluate(() => ((window as { __failWrites?: string }).__failWrites = 'quota'));
  await sendMessage(page, 'Say something worth keeping.');

  const banner = page.getByTestId('notice-error');
  await expect(banner).toContainText("this site's storage is full");
  await expect(banner).toContainText('copy it before closing the tab');
  const answer = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect(answer.getByTestId('answer-body')).toHaveText(ANSWER.join(''));
  await expect(app.userMessages).toHaveText(['Say something worth keeping.']);

  await answer.getByRole('button', { name: 'Copy answer' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(ANSWER.join(''));

  // Once writes work again, the next answer is saved as usual.
  await page.evaluate(() => ((window as { __failWrites?: string }).__failWrites = ''));
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  ollama.script({ tokens: ['Saved', ' now', '.'] });
  await sendMessage(page, 'And now?');
  await expect(page.locator('article[data-status="complete"]').last()).toContainText('Saved now.');
  await expect(page.getByTestId('notice-error')).toHaveCount(0);
  await expect
    .poll(async () => (await storedAnswers(page)).map((message) => message.content))
    .toContain('Saved now.');
});
