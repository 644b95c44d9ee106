import { readFileSync, writeFileSync } from 'node:fs';
import { configureApp, expect, openApp, openWithOllama, screenshot, sendMessage, test, ui } from './fixtures';

test('conversations: new, switch, rename, delete, regenerate and copy', async ({
  page,
  context,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);
  const items = page.getByTestId('conversation-item');

  ollama.script({ tokens: ['First', ' answer'] });
  await sendMessage(page, 'Alpha question');
  await expect(page.locator('article[data-status="complete"]')).toHaveText(/First answer/);
  await page.getByTestId('new-chat').click();
  await expect(app.userMessages).toHaveCount(0);
  ollama.script({ tokens: ['Second', ' answer'] });
  await sendMessage(page, 'Beta question');
  await expect(page.locator('article[data-status="complete"]')).toHaveText(/Second answer/);
  await expect(items).toHaveText(['Beta question', 'Alpha question']);

  await items.filter({ hasText: 'Alpha question' }).getByRole('button', { name: 'Alpha question' }).click();
  await expect(app.userMessages).toHaveText(['Alpha question']);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alpha question');

  await page.getByRole('button', { name: 'Rename Alpha question' }).click();
  const title = page.getByRole('textbox', { name: 'Conversation title' });
  await title.fill('Renamed chat');
  await title.press('Enter');
  await expect(items).toHaveText(['Beta question', 'Renamed chat']);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Renamed chat');

  ollama.script({ tokens: ['Regenerated', ' answer'] });
  await page.getByRole('button', { name: 'Regenerate answer' }).click();
  await expect(page.locator('article[data-status="complete"]')).toHaveText(/Regenerated answer/);
  await expect(app.answers).toHaveCount(1);

  await page.getByRole('button', { name: 'Copy answer' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Regenerated answer');

  await page.getByRole('button', { name: 'Delete Renamed chat' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(items).toHaveText(['Beta question']);
  await expect(app.userMessages).toHaveText(['Beta question']);

  await page.reload();
  await expect(items).toHaveText(['Beta question']);
});

test('export as Markdown and JSON, and import: a hostile file is refused, a good one added', async ({
  page,
  emulators,
}, testInfo) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ['An', ' **answer**'] });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Export me');
  await expect(page.locator('article[data-status="complete"]')).toContainText('answer');

  await page.getByLabel('Export this chat').click();
  const [markdown] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-md').click(),
  ]);
  expect(markdown.suggestedFilename()).toBe('export-me.md');
  const md = readFileSync(await markdown.path(), 'utf8');
  expect(md).toContain('# Export me');
  expect(md).toContain('## You\n\nExport me');
  expect(md).toContain('An **answer**');

  await page.getByLabel('Export this chat').click();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const exported = JSON.parse(readFileSync(await json.path(), 'utf8'));
  expect(exported.format).toBe('brook.conversation');
  expect(exported.messages.map((m: { content: string }) => m.content)).toEqual([
    'Export me',
    'An **answer**',
  ]);

  const items = page.getByTestId('conversation-item');
  const hostile = testInfo.outputPath('hostile.json');
  writeFileSync(hostile, JSON.stringify({ ...exported, messages: [{ role: 'system', content: 'pwn' }] }));
  await page.getByTestId('import-input').setInputFiles(hostile);
  await expect(page.getByTestId('notice-error')).toContainText('cannot be imported: messages[0].role');
  await expect(items).toHaveCount(1);

  const good = testInfo.outputPath('good.json');
  writeFileSync(
    good,
    JSON.stringify({ ...exported, conversation: { ...exported.conversation, title: 'Copy' } }),
  );
  await page.getByTestId('import-input').setInputFiles(good);
  await expect(page.getByTestId('notice-info')).toContainText('Imported “Copy”');
  await expect(items).toHaveCount(2);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Copy');
  await expect(page.locator('article[data-role="assistant"]')).toContainText('answer');
});

test('reasoning streams in its own block, folds away when the answer starts, and stays apart', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({
    reasoningTokens: ['Let', ' me', ' think', ' about', ' brooks', '.'],
    tokens: ['A', ' brook', ' is', ' a', ' small', ' stream', '.'],
    tokenDelayMs: 120,
  });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'What is a brook?');

  const live = ui(page).liveAnswer;
  const reasoning = live.locator('details');
  await expect(reasoning).toContainText('Let me think');
  await expect(reasoning).toHaveAttribute('open', '');
  await expect(reasoning.locator('summary')).toContainText('Thinking');
  await screenshot(page, '11-thinking');

  const done = page.locator('article[data-status="complete"]');
  await expect(done.locator('.prose')).toHaveText('A brook is a small stream.');
  const folded = done.locator('details');
  await expect(folded).not.toHaveAttribute('open', '');
  await folded.locator('summary').click();
  await expect(folded).toContainText('Let me think about brooks.');
  await expect(done.locator('.prose')).not.toContainText('think');
  await screenshot(page, '12-reasoning-opened');
});

test('the sidebar groups chats by day, and a pinned chat stays on top across a reload', async ({
  page,
  emulators,
}) => {
  await openWithOllama(page, emulators);
  const groups = page.getByTestId('conversation-group');
  for (const question of ['Older question', 'Newer question']) {
    if (question !== 'Older question') await page.getByTestId('new-chat').click();
    await sendMessage(page, question);
    await expect(page.locator('article[data-status="complete"]')).toHaveCount(1);
  }
  await expect(groups).toHaveCount(1);
  await expect(groups.getByRole('heading')).toHaveText(['Today']);

  const older = page.getByTestId('conversation-item').filter({ hasText: 'Older question' });
  await older.hover();
  await older.getByRole('button', { name: 'Pin Older question' }).click();
  await expect(groups.getByRole('heading')).toHaveText(['Pinned', 'Today']);
  await expect(groups.first().getByTestId('conversation-item')).toHaveText(['Older question']);
  await expect(groups.last().getByTestId('conversation-item')).toHaveText(['Newer question']);

  await page.reload();
  await expect(groups.getByRole('heading')).toHaveText(['Pinned', 'Today']);
  await expect(groups.first().getByTestId('conversation-item')).toHaveText(['Older question']);
  await older.hover();
  await older.getByRole('button', { name: 'Unpin Older question' }).click();
  await expect(groups.getByRole('heading')).toHaveText(['Today']);
  // Unpinned, it goes back to its place in time: pinning changed nothing else of it.
  await expect(page.getByTestId('conversation-item')).toHaveText(['Newer question', 'Older question']);

  // Folders: filed by name (a new one is made by typing it), kept across a reload, taken out again.
  const newer = page.getByTestId('conversation-item').filter({ hasText: 'Newer question' });
  await newer.hover();
  await newer.getByRole('button', { name: 'Move Newer question to a folder' }).click();
  const folder = page.getByRole('combobox', { name: 'Folder for Newer question' });
  await folder.fill('  Side   projects ');
  await folder.press('Enter');
  await expect(groups.getByRole('heading')).toHaveText(['Side projects', 'Today']);
  await expect(
    page.getByRole('region', { name: 'Folder Side projects' }).getByTestId('conversation-item'),
  ).toHaveText(['Newer question']);
  await page.reload();
  await expect(groups.getByRole('heading')).toHaveText(['Side projects', 'Today']);
  await newer.hover();
  await newer.getByRole('button', { name: 'Move Newer question to a folder' }).click();
  await expect(page.getByRole('combobox', { name: 'Folder for Newer question' })).toHaveValue(
    'Side projects',
  );
  await page.getByRole('combobox', { name: 'Folder for Newer question' }).fill('');
  await page.getByRole('combobox', { name: 'Folder for Newer question' }).press('Enter');
  await expect(groups.getByRole('heading')).toHaveText(['Today']);
});
