import { configureApp, expect, openApp, screenshot, sendMessage, test, ui } from './fixtures';

test('switching server and model sends each question to the chosen one', async ({ page, emulators }) => {
  const ollama = await emulators.ollama();
  const lmstudio = await emulators.lmstudio({ cors: true });
  ollama.script({ tokens: ['From', ' Ollama'] });
  lmstudio.script({ tokens: ['From', ' LM', ' Studio'] });
  await configureApp(page, { urls: { ollama: ollama.url, 'lmstudio-rest': lmstudio.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);

  await app.modelSelect.selectOption('qwen3:0.6b');
  await sendMessage(page, 'Which server?');
  await expect(page.locator('article[data-status="complete"]').last()).toContainText('From Ollama');
  const ollamaChat = ollama.requests.find((r) => r.method === 'POST' && r.path === '/api/chat');
  expect(ollamaChat?.body).toMatchObject({ model: 'qwen3:0.6b' });

  await app.serverSelect.selectOption('lmstudio-rest');
  await expect(app.modelSelect).toHaveValue('qwen2.5-7b-instruct');
  // Each model with what LM Studio says of it (its /api/v1/models): quantization, size, context, loaded, vision.
  await expect(app.modelSelect.locator('option')).toHaveText([
    'qwen2.5-7b-instruct · Q4_K_M · 2.5 GB · 32k ctx · loaded',
    'qwen/qwen3-4b · Q4_K_M · 2.5 GB · 32k ctx · vision',
  ]);
  await app.modelSelect.selectOption('qwen/qwen3-4b');
  await sendMessage(page, 'And now?');
  await expect(page.locator('article[data-status="complete"]').last()).toContainText('From LM Studio');
  const lmChat = lmstudio.requests.find((r) => r.method === 'POST' && r.path === '/v1/chat/completions');
  expect(lmChat?.body).toMatchObject({ model: 'qwen/qwen3-4b', stream: true });
  // The whole conversation went along, the earlier answer included.
  expect((lmChat?.body as { messages: { content: string }[] }).messages.map((m) => m.content)).toEqual([
    'Which server?',
    'From Ollama',
    'And now?',
  ]);
  await expect(page.locator('article[data-role="assistant"] .who')).toHaveText([
    'qwen3:0.6b',
    'qwen/qwen3-4b',
  ]);
  await screenshot(page, '09-two-servers');

  // A new chat starts with the last choice.
  await page.getByTestId('new-chat').click();
  await expect(app.serverSelect).toHaveValue('lmstudio-rest');
  await expect(app.modelSelect).toHaveValue('qwen/qwen3-4b');
});

test('per-chat settings: system prompt, temperature, max tokens and timeouts go with each request', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ['Brief', '.'] });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');

  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-conversation').click();
  await page.getByTestId('system-prompt').fill('Answer in one word.');
  await page.getByLabel('Temperature').fill('0.2');
  await page.getByLabel('Max tokens').fill('64');
  await page.getByTestId('first-token-timeout').fill('30');
  await page.getByLabel('Idle timeout (s)').fill('10');
  await page.getByLabel('Idle timeout (s)').press('Tab');
  await screenshot(page, '17-chat-settings');
  await page.getByRole('button', { name: 'Close settings' }).click();

  await sendMessage(page, 'Describe the sea.');
  await expect(page.locator('article[data-status="complete"]')).toContainText('Brief.');
  const body = ollama.requests.find((r) => r.method === 'POST' && r.path === '/api/chat')?.body as {
    messages: { role: string; content: string }[];
    options?: { temperature?: number; num_predict?: number };
  };
  expect(body.messages[0]).toEqual({ role: 'system', content: 'Answer in one word.' });
  expect(body.options).toMatchObject({ temperature: 0.2, num_predict: 64 });

  // The settings belong to this chat and survive a reload.
  await page.reload();
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-conversation').click();
  await expect(page.getByTestId('system-prompt')).toHaveValue('Answer in one word.');
  await expect(page.getByTestId('first-token-timeout')).toHaveValue('30');
});
