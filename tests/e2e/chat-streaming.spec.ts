import { configureApp, expect, openApp, screenshot, sendMessage, test, textOf, ui } from './fixtures';

const ANSWER = [
  'The',
  ' river',
  ' runs',
  ' quietly',
  ' past',
  ' the',
  ' old',
  ' mill',
  ',',
  ' carrying',
  ' leaves',
  '.',
];

test('tokens appear while the answer streams, then the answer completes with its stats', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ANSWER, firstTokenDelayMs: 800, tokenDelayMs: 150 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);
  await screenshot(page, '01-empty');

  await sendMessage(page, 'Describe a brook in one sentence.');
  await expect(app.userMessages.last()).toHaveText('Describe a brook in one sentence.');
  await expect(app.waiting).toBeVisible();
  await expect(app.stop).toBeVisible();
  await expect(app.input).toBeEditable(); // the next question can be typed while this one is answered
  await screenshot(page, '02-waiting-first-token');

  // Some words are on screen while the answer is still being written.
  await expect(app.liveAnswer).toContainText('The river');
  const partial = await textOf(app.liveAnswer);
  expect(partial).not.toContain('carrying leaves.');
  await screenshot(page, '03-streaming');

  const done = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect(done).toContainText('The river runs quietly past the old mill, carrying leaves.');
  await expect(app.liveAnswer).toHaveCount(0);
  await expect(done.getByTestId('answer-stats')).toContainText('tok/s');
  await expect(done.getByTestId('answer-stats')).toContainText('first token');
  await expect(app.send).toBeVisible();
  await expect(app.input).toBeFocused();
  await expect(app.announcer).toHaveText('Answer complete.');
  await screenshot(page, '04-complete');

  const chat = ollama.requests.find((r) => r.path === '/api/chat' && r.method === 'POST');
  expect(chat?.body).toMatchObject({ model: 'llama3.2:latest', stream: true });
  expect((chat?.body as { messages: unknown[] }).messages).toEqual([
    { role: 'user', content: 'Describe a brook in one sentence.' },
  ]);
});

test('Stop ends the answer: the server sees the connection close, the partial text stays, marked', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  const tokens = Array.from({ length: 200 }, (_, i) => ` w${i}`);
  ollama.script({ tokens, tokenDelayMs: 60 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);

  await sendMessage(page, 'Count for a long time.');
  await expect(app.liveAnswer).toContainText('w5');
  await app.stop.click();

  const stopped = page.locator('article[data-role="assistant"][data-status="stopped"]');
  await expect(stopped).toBeVisible();
  await expect(stopped.getByTestId('incomplete-marker')).toContainText('Stopped');
  const kept = await textOf(stopped.locator('.prose'));
  expect(kept).toContain('w5');
  expect(kept).not.toContain('w199');
  await expect(app.input).toBeFocused();
  await expect(app.announcer).toContainText('Stopped');
  await ollama.waitForRequestConnectionsClosed();
  expect(ollama.outcomes).toEqual(['gone']);
  await screenshot(page, '05-stopped');

  // The stopped answer is saved as it was.
  await page.reload();
  const afterReload = page.locator('article[data-role="assistant"][data-status="stopped"] .prose');
  await expect(afterReload).toHaveText(kept);
});

test('Esc stops too, and Enter with Shift makes a new line instead of sending', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: Array.from({ length: 100 }, (_, i) => ` t${i}`), tokenDelayMs: 60 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);

  await app.input.fill('first line');
  await app.input.press('Shift+Enter');
  await app.input.pressSequentially('second line');
  await expect(app.input).toHaveValue('first line\nsecond line');
  expect(ollama.requests.filter((r) => r.path === '/api/chat' && r.method === 'POST')).toHaveLength(0);

  await app.input.press('Enter');
  await expect(app.userMessages.last()).toHaveText('first line\nsecond line');
  await expect(app.liveAnswer).toContainText('t3');
  await page.keyboard.press('Escape');
  await expect(page.locator('article[data-status="stopped"]')).toBeVisible();
  await ollama.waitForRequestConnectionsClosed();
  expect(ollama.outcomes).toEqual(['gone']);
});
