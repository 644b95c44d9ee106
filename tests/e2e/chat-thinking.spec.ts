/**
 * Inline thinking tags in the built app: a model on an OpenAI-compatible server (LM Studio's
 * REST API here) that writes `<think>…</think>` into its content, split across chunks, shows a
 * reasoning block and the answer alone — streaming, saved, copied and exported apart; a chat
 * that turns the option off keeps the tags as (inert) text.
 */
import { readFileSync } from 'node:fs';
import { configureApp, expect, openApp, sendMessage, test, ui } from './fixtures';

test('a <think> block split across chunks becomes the reasoning, and stays apart when saved and exported', async ({
  page,
  context,
  emulators,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lmstudio = await emulators.lmstudio({ cors: true });
  lmstudio.script({
    tokens: ['<th', 'ink>', '\nThe user', ' greets me.', '</thi', 'nk>', '\n\n', 'Hello', ' there!'],
    tokenDelayMs: 40,
  });
  await configureApp(page, { urls: { 'lmstudio-rest': lmstudio.url }, server: 'lmstudio-rest' });
  await openApp(page, 'qwen2.5-7b-instruct');
  await sendMessage(page, 'Hi');
  const answer = ui(page).lastAnswer;
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.getByTestId('answer-body')).toHaveText('Hello there!');
  await expect(answer.locator('details.reasoning')).toContainText('The user greets me.');
  await expect(answer).not.toContainText('<think>');

  // After a reload the stored answer is the same: reasoning and answer apart.
  await page.reload();
  await expect(ui(page).lastAnswer.getByTestId('answer-body')).toHaveText('Hello there!');
  await ui(page).lastAnswer.getByRole('button', { name: 'Copy answer' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Hello there!');
  await page.getByLabel('Export this chat').click();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const exported = JSON.parse(readFileSync(await json.path(), 'utf8')) as {
    messages: { role: string; content: string; reasoning?: string }[];
  };
  expect(exported.messages.at(-1)).toMatchObject({
    content: 'Hello there!',
    reasoning: 'The user greets me.',
  });

  // Turned off for this chat: the tags stay in the text, shown as text (never as markup).
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-conversation').click();
  await page.getByTestId('inline-thinking').uncheck();
  await page.getByRole('button', { name: 'Close settings' }).click();
  lmstudio.script({ tokens: ['<think>', 'raw', '</think>', 'Plain.'] });
  await sendMessage(page, 'Again');
  await expect(ui(page).lastAnswer).toHaveAttribute('data-status', 'complete');
  await expect(ui(page).lastAnswer.getByTestId('answer-body')).toHaveText('<think>raw</think>Plain.');
  await expect(ui(page).lastAnswer.locator('details.reasoning')).toHaveCount(0);
  const request = lmstudio.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
  // The earlier answer went back to the model as the answer alone (its reasoning is not resent).
  expect((request?.body as { messages: { content: string }[] }).messages.map((m) => m.content)).toEqual([
    'Hi',
    'Hello there!',
    'Again',
  ]);
});
