/**
 * Conversations you can trust, in the built app in Chromium against the Ollama emulator: the
 * faults seen by a new user (docs/reliability.md, "Conversation integrity"), one test each, with
 * the two-tab cases in two pages of one browser profile.
 */
import type { Page } from '@playwright/test';
import { configureApp, expect, openApp, sendMessage, test, ui } from './fixtures';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { readDatabase } from './reliability-helpers';

const SLOW = Array.from({ length: 80 }, (_, i) => ` w${i}`);

/** Messages whose conversation is not in the database: there must never be any. */
async function orphans(page: Page) {
  const { conversations, messages } = await readDatabase(page);
  const ids = new Set(conversations.map((c) => c.id));
  return messages.filter((m) => !ids.has(m.conversationId));
}

const items = (page: Page) => page.getByTestId('conversation-item');

/** Deletes the first chat of the sidebar, confirming (its tools show on hover when it is not open). */
async function deleteFirstChat(page: Page): Promise<void> {
  const item = items(page).first();
  await item.hover();
  await item.getByRole('button', { name: /^Delete / }).click();
  await item.getByRole('button', { name: 'Delete', exact: true }).click();
}

/** An Ollama emulator answering slowly, the app on it, and a long answer under way. */
async function longAnswerStreaming(page: Page, ollama: HttpEmulatorHandle): Promise<void> {
  ollama.script({ tokens: SLOW, tokenDelayMs: 30 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Tell me a long story');
  await expect(ui(page).liveAnswer).toContainText('w3');
}

test('1. Regenerate against a dead server keeps the good answer, one page back and after a reload', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ['A', ' good', ' answer.'] });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Say something good.');
  const complete = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect(complete).toHaveText(/A good answer\./);

  ollama.script({ httpError: { status: 500, body: { error: 'model runner has unexpectedly stopped' } } });
  await page.getByRole('button', { name: 'Regenerate answer' }).click();
  // The failed attempt is the version shown, with its error; the good answer is one page back.
  const failed = page.locator('article[data-role="assistant"][data-status="failed"]');
  await expect(failed).toContainText('model runner has unexpectedly stopped');
  await expect(failed.getByTestId('version-count')).toHaveText('2 / 2');
  await failed.getByRole('button', { name: 'Previous version of this answer' }).click();
  await expect(complete).toHaveText(/A good answer\./);

  await page.reload();
  await expect(page.locator('article[data-role="assistant"][data-status="complete"]')).toHaveText(
    /A good answer\./,
  );
  const { messages } = await readDatabase(page);
  expect(messages.some((m) => m.content === 'A good answer.' && m.status === 'complete')).toBe(true);
});

test('2. Enter in chat A and a switch to chat B at once: the answer is filed in A', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ['B', ' answer'] });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Question in B');
  await expect(page.locator('article[data-status="complete"]')).toHaveText(/B answer/);

  ollama.script({ tokens: [' A', ' answer'], firstTokenDelayMs: 200 });
  await page.getByTestId('new-chat').click();
  await ui(page).input.fill('Question in A');
  // Enter and the click on chat B in the same task: no await between them.
  await page.evaluate(() => {
    const input = document.querySelector<HTMLTextAreaElement>('[data-testid="composer-input"]')!;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const items = [...document.querySelectorAll('[data-testid="conversation-item"] button.open')];
    (items.find((b) => b.textContent?.includes('Question in B')) as HTMLButtonElement).click();
  });
  await expect(page.getByTestId('conversation-answering')).toHaveCount(0, { timeout: 10_000 });
  await expect
    .poll(async () => (await readDatabase(page)).messages.filter((m) => m.role === 'assistant').length)
    .toBe(2);
  const { conversations, messages } = await readDatabase(page);
  const byTitle = (title: string) => conversations.find((c) => c.title === title)!.id;
  const inA = messages.filter((m) => m.conversationId === byTitle('Question in A'));
  const inB = messages.filter((m) => m.conversationId === byTitle('Question in B'));
  expect(inA.map((m) => m.content)).toEqual(['Question in A', ' A answer']);
  expect(inB.map((m) => m.content)).toEqual(['Question in B', 'B answer']);
  await expect(ui(page).userMessages).toHaveText(['Question in B']);
});

test('3. Deleting the chat that streams stops it and leaves nothing behind after a reload', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await longAnswerStreaming(page, ollama);
  await expect(page.getByTestId('conversation-answering')).toHaveCount(1);
  await deleteFirstChat(page);
  await expect.poll(() => ollama.outcomes).toEqual(['gone']);
  await page.reload();
  await expect(items(page)).toHaveCount(0);
  expect(await orphans(page)).toEqual([]);
  expect((await readDatabase(page)).messages).toEqual([]);
});

test('4. A delete in another tab stops this tab’s answer: the server is cancelled, nothing is saved', async ({
  page,
  context,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await longAnswerStreaming(page, ollama);
  const other = await context.newPage();
  await openApp(other, 'llama3.2:latest');
  await deleteFirstChat(other);

  await ollama.waitForRequestConnectionsClosed();
  expect(ollama.outcomes).toEqual(['gone']);
  await expect(items(page)).toHaveCount(0);
  await expect(ui(page).liveAnswer).toHaveCount(0);
  await page.reload();
  expect((await readDatabase(page)).messages).toEqual([]);
});

test('5. A tab closed mid-answer, its chat deleted elsewhere: the next start brings nothing back', async ({
  page,
  context,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: SLOW, tokenDelayMs: 30 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const other = await context.newPage();
  await openApp(other, 'llama3.2:latest');
  await sendMessage(page, 'Tell me a long story');
  await expect(ui(page).liveAnswer).toContainText('w3');
  await page.close(); // pagehide writes the recovery copy
  await expect(items(other)).toHaveCount(1);
  await deleteFirstChat(other);
  await expect(items(other)).toHaveCount(0);
  await other.close();

  const next = await context.newPage();
  await next.goto('/');
  await expect(ui(next).modelSelect).toHaveValue('llama3.2:latest');
  await expect(items(next)).toHaveCount(0);
  expect((await readDatabase(next)).messages).toEqual([]);
  const copies = await next.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('brook.recovery')),
  );
  expect(copies).toEqual([]);
});

test('6. Back to a chat whose answer finished in the background: the whole answer, not a stale copy', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: SLOW.slice(0, 40), tokenDelayMs: 50 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Count slowly');
  await expect(ui(page).liveAnswer).toContainText('w2');
  await page.getByTestId('new-chat').click();
  // The header says another chat is still being answered, and the sidebar marks which.
  await expect(page.getByTestId('answering-elsewhere')).toHaveText('1 other chat answering');
  await expect(items(page).first().getByTestId('conversation-answering')).toHaveCount(1);
  // Come back as the last tokens arrive.
  await expect.poll(() => ollama.requests.length).toBeGreaterThan(0);
  await expect(page.getByTestId('conversation-answering')).toHaveCount(0, { timeout: 10_000 });
  await items(page).first().locator('button.open').click();
  const answer = page.locator('article[data-role="assistant"]');
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer).toContainText('w39');
  await expect(page.getByTestId('incomplete-marker')).toHaveCount(0);
});

test('7. Typing while an answer streams is kept; Enter waits; drafts survive switching and reload', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  // 4.5 s of answer: typing the next question (a round trip per key) must end well before it does,
  // even on a loaded machine (at 40 ms a token the answer once ended first, and Enter sent the question).
  ollama.script({ tokens: SLOW.slice(0, 30), tokenDelayMs: 150 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);
  await sendMessage(page, 'First question');
  await expect(app.liveAnswer).toContainText('w1');
  await app.input.pressSequentially('Next question, typed while it streams', { delay: 5 });
  await app.input.press('Enter'); // not sent: the answer is still being written
  await expect(app.input).toHaveValue('Next question, typed while it streams');
  await expect(page.locator('#composer-note')).toContainText('you can send when this answer ends');
  await expect(app.userMessages).toHaveCount(1);

  // The draft belongs to this chat: it goes away in a new chat and comes back, and survives a reload.
  await page.getByTestId('new-chat').click();
  await expect(app.input).toHaveValue('');
  await app.input.fill('A draft for the new chat');
  await items(page).first().locator('button.open').click();
  await expect(app.input).toHaveValue('Next question, typed while it streams');
  await expect(page.locator('article[data-status="complete"]')).toContainText('w29');
  await page.reload();
  await expect(app.input).toHaveValue('Next question, typed while it streams');
  ollama.script({ tokens: ['Second', ' answer'] });
  await app.input.press('Enter');
  await expect(app.userMessages).toHaveText(['First question', 'Next question, typed while it streams']);
  await expect(app.input).toHaveValue('');
  await page.getByTestId('new-chat').click();
  await expect(app.input).toHaveValue('A draft for the new chat');
});
