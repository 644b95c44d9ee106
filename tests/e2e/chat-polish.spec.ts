/**
 * Small things a new user notices (issue 14's polish list): the footer says "1 token", a cut-off
 * answer names the limit that cut it, an empty answer says so and offers Try again, and a notice
 * goes when the user moves on.
 */
import {
  configureServers,
  expect,
  importFile,
  openApp,
  openWithOllama,
  screenshot,
  sendMessage,
  test,
  ui,
} from './fixtures';

test('a one-token answer says "1 token"; a cut-off names this chat’s Max tokens', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithOllama(page, emulators);
  const app = ui(page);
  ollama.script({ tokens: ['Yes.'] });
  await sendMessage(page, 'One word?');
  await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');
  await expect(app.lastAnswer).toContainText(/· 1 token ·/);

  // This chat's settings open from the chat header, on their own tab.
  await page.getByTestId('chat-settings').click();
  await expect(page.getByTestId('settings-tab-conversation')).toHaveAttribute('aria-selected', 'true');
  await page.getByLabel('Max tokens').fill('3');
  await page.getByLabel('Max tokens').press('Tab');
  await page.getByRole('button', { name: 'Close settings' }).click();
  ollama.script({ tokens: ['A', ' long', ' story'], finishReason: 'length' });
  await sendMessage(page, 'A story?');
  await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');
  await expect(app.lastAnswer.getByTestId('cut-off-note')).toHaveText(
    "Cut off at this chat's Max tokens (3). Raise it in Settings → This chat, or press Continue.",
  );
});

test('an empty answer says the model returned nothing, and Try again asks again', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithOllama(page, emulators);
  const app = ui(page);
  ollama.script({ tokens: [] });
  await sendMessage(page, 'Anything?');
  await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');
  await expect(app.lastAnswer.getByTestId('empty-answer')).toContainText('The model returned nothing');
  ollama.script({ tokens: ['Something.'] });
  await app.lastAnswer.getByRole('button', { name: 'Try again' }).click();
  await expect(app.lastAnswer).toContainText('Something.');
  await expect(app.lastAnswer.getByTestId('empty-answer')).toHaveCount(0);
  await expect(app.lastAnswer.getByRole('button', { name: 'Regenerate answer' })).toBeVisible();
});

test('a notice (an import that failed) clears when the user moves to another chat', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithOllama(page, emulators);
  ollama.script({ tokens: ['Hi.'] });
  await sendMessage(page, 'First chat');
  await expect(ui(page).lastAnswer).toHaveAttribute('data-status', 'complete');
  await page.getByTestId('new-chat').click();
  await importFile(page, 'broken.json', '{"format": "brook.conversation", "version": 3');
  await expect(page.getByTestId('notice-error')).toContainText('not valid JSON');
  await page.getByTestId('conversation-item').first().click();
  await expect(ui(page).userMessages).toHaveText(['First chat']);
  await expect(page.getByTestId('notice-error')).toHaveCount(0);
});

test('the header tells LM Studio’s two ways apart: its OpenAI-compatible API and its native SDK', async ({
  page,
  emulators,
}) => {
  // Named as Find servers names them: by the kind's short label.
  const lmstudio = await emulators.lmstudio({ cors: true });
  await configureServers(page, [
    { id: 'rest', kind: 'lmstudio-rest', name: 'LM Studio', url: lmstudio.url },
    { id: 'sdk', kind: 'lmstudio-native', name: 'LM Studio SDK', url: 'ws://127.0.0.1:9' },
  ]);
  await openApp(page, 'qwen2.5-7b-instruct');
  const options = ui(page).serverSelect.locator('option');
  await expect(options).toHaveText(['LM Studio (OpenAI-compatible)', 'LM Studio (native SDK)']);
  await expect(options.nth(1)).toHaveAttribute(
    'title',
    'LM Studio SDK · LM Studio (native SDK) · ws://127.0.0.1:9',
  );
});

test('at phone width Settings fit the screen: no part of the dialog is off it, nothing scrolls sideways', async ({
  page,
  emulators,
}) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await openWithOllama(page, emulators);
  await page.getByTestId('chat-settings').click();
  const dialog = page.locator('dialog[open]');
  for (const tab of ['conversation', 'servers', 'appearance']) {
    await page.getByTestId(`settings-tab-${tab}`).click();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(box.y + box.height).toBeLessThanOrEqual(640);
    const sideways = await dialog.evaluate((d) =>
      [d, ...d.querySelectorAll('*')]
        // A text field scrolls a long value by design; anything else wider than its box does not fit.
        .filter((e) => !e.matches('input, textarea, select'))
        .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
        .map((e) => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}`),
    );
    expect(sideways, tab).toEqual([]);
  }
  await screenshot(page, '18-phone-settings');
});
