/**
 * Manage models, in the built app against the Ollama emulator: a download's bar moves, stops and
 * resumes where it stopped, shows in the model picker while it runs (whatever chat is open) and
 * the model is choosable when it is done; failures say what to do and leave no bar running;
 * loaded models show their memory and expiry and unload and load; a deleted model leaves its
 * chat working with another one.
 */
import type { Page } from '@playwright/test';
import { configureApp, expect, openApp, screenshot, sendMessage, test, ui } from './fixtures';
import type { OllamaEmulatorHandle } from '../emulators/ollama-emulator';

async function openModels(page: Page) {
  await page.getByTestId('manage-models').click();
  const dialog = page.getByTestId('models-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

async function startPull(page: Page, model: string) {
  await page.getByTestId('pull-name').fill(model);
  await page.getByTestId('pull-start').click();
  return page.locator(`[data-testid="pull-row"][data-model="${model}"]`);
}

const barValue = (row: ReturnType<Page['locator']>) =>
  row.getByTestId('pull-bar').evaluate((bar) => (bar as HTMLProgressElement).value);

async function openOn(page: Page, ollama: OllamaEmulatorHandle): Promise<void> {
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
}

test('a download moves, stops, resumes where it stopped, shows in the picker meanwhile, and its model can then be chosen', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.library.pullScript = { steps: 4, holdAfterSteps: 2 };
  await openOn(page, ollama);
  await openModels(page);
  const row = await startPull(page, 'gemma3:1b');
  await expect(row).toHaveAttribute('data-phase', 'running');
  await expect.poll(() => barValue(row)).toBeGreaterThan(0);
  expect(await barValue(row)).toBeLessThan(100);
  await expect(row.getByTestId('pull-line')).toContainText(/\d+ % · [\d.]+ (MB|GB) of 815 MB/);
  await screenshot(page, '40-model-download');

  // It goes on with the dialog closed and another chat open; the picker lists it meanwhile.
  await page.keyboard.press('Escape');
  await page.getByTestId('new-chat').click();
  await expect(page.getByTestId('picker-pull')).toHaveText(/gemma3:1b · downloading \d+ %/);

  await openModels(page);
  await row.getByTestId('pull-stop').click();
  await expect(row).toHaveAttribute('data-phase', 'stopped');
  await ollama.waitForRequestConnectionsClosed();
  await expect(page.getByTestId('picker-pull')).toHaveCount(0);

  ollama.library.pullScript = { steps: 4 };
  await row.getByTestId('pull-resume').click();
  await expect(row).toHaveAttribute('data-phase', 'done');
  await expect(row.getByTestId('pull-line')).toHaveText('Downloaded.');
  const [first, second] = ollama.library.pullStarts;
  expect(first?.resumedBytes).toBe(0);
  expect(second?.resumedBytes).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="model-row"][data-model="gemma3:1b"]')).toBeVisible();

  await page.keyboard.press('Escape');
  await ui(page).modelSelect.selectOption('gemma3:1b');
  ollama.script({ tokens: ['Hi ', 'from ', 'gemma.'] });
  await sendMessage(page, 'Hello');
  await expect(ui(page).lastAnswer).toContainText('Hi from gemma.');
  const chat = ollama.requests.filter((r) => r.path === '/api/chat').at(-1);
  expect(chat?.body).toMatchObject({ model: 'gemma3:1b' });
});

test('failed downloads say what to do and leave no bar running: a wrong name, a full disk, a server gone mid-pull', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await openOn(page, ollama);
  await openModels(page);

  const wrong = await startPull(page, 'no-such-model');
  await expect(wrong).toHaveAttribute('data-phase', 'failed');
  await expect(wrong.getByTestId('pull-error')).toContainText('file does not exist');
  await expect(wrong.getByTestId('pull-error')).toContainText('ollama.com/library');
  await expect(wrong.getByTestId('pull-bar')).toHaveCount(0);
  await wrong.getByTestId('pull-dismiss').click();
  await expect(wrong).toHaveCount(0);

  ollama.library.pullScript = { steps: 4, failAfterSteps: 3 };
  const full = await startPull(page, 'gemma3:1b');
  await expect(full).toHaveAttribute('data-phase', 'failed');
  await expect(full.getByTestId('pull-error')).toContainText('no space left on device');
  await expect(full.getByTestId('pull-error')).toContainText('Free some disk space');

  ollama.library.pullScript = { steps: 4, dropAfterSteps: 2 };
  await full.getByTestId('pull-resume').click();
  await expect(full).toHaveAttribute('data-phase', 'failed');
  await expect(full.getByTestId('pull-error')).toContainText(/stopped before it finished|broke off|dropped/);
  await expect(page.getByTestId('picker-pull')).toHaveCount(0);
  // The chat still works.
  await page.keyboard.press('Escape');
  ollama.script({ tokens: ['Still ', 'here.'] });
  await sendMessage(page, 'Are you there?');
  await expect(ui(page).lastAnswer).toContainText('Still here.');
});

test('loaded models show memory and expiry, unload and load; a deleted model leaves its chat working with another', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama({ loaded: ['llama3.2:latest'], vramShare: 0.5 });
  await openOn(page, ollama);
  ollama.script({ tokens: ['First ', 'answer.'] });
  await sendMessage(page, 'Hello');
  await expect(ui(page).lastAnswer).toContainText('First answer.');

  await openModels(page);
  const llama = page.locator('[data-testid="model-row"][data-model="llama3.2:latest"]');
  const qwen = page.locator('[data-testid="model-row"][data-model="qwen3:0.6b"]');
  await expect(llama).toHaveAttribute('data-loaded', 'yes');
  await expect(llama.getByTestId('model-loaded')).toHaveText(
    /In memory: 2\.0 GB · 50 % GPU \/ 50 % CPU · 4,096 ctx · unloads in [45] min/,
  );
  await expect(qwen).toHaveAttribute('data-loaded', 'no');
  await screenshot(page, '41-manage-models');

  await llama.getByTestId('model-unload').click();
  await expect(llama).toHaveAttribute('data-loaded', 'no');
  const unload = ollama.requests.filter((r) => r.path === '/api/generate').at(-1);
  expect(unload?.body).toMatchObject({ model: 'llama3.2:latest', keep_alive: 0 });
  await qwen.getByTestId('model-load').click();
  await qwen.getByTestId('load-context').fill('8192');
  await qwen.getByTestId('model-load-confirm').click();
  await expect(qwen).toHaveAttribute('data-loaded', 'yes');
  const load = ollama.requests.filter((r) => r.path === '/api/generate').at(-1);
  expect(load?.body).toMatchObject({ model: 'qwen3:0.6b', prompt: '', options: { num_ctx: 8192 } });

  await llama.getByTestId('model-delete').click();
  await expect(llama).toContainText('chats that used it keep their text');
  await llama.getByTestId('model-delete-confirm').click();
  await expect(llama).toHaveCount(0);
  await page.keyboard.press('Escape');
  // The chat's model is gone: the picker says so, the text stays, another model answers.
  await expect(ui(page).modelSelect.locator('option:checked')).toHaveText('llama3.2:latest (not listed)');
  await expect(ui(page).answers.first()).toContainText('First answer.');
  await ui(page).modelSelect.selectOption('qwen3:0.6b');
  ollama.script({ tokens: ['Qwen ', 'here.'] });
  await sendMessage(page, 'Who is there?');
  await expect(ui(page).lastAnswer).toContainText('Qwen here.');
});

test('a keep-alive set for a chat is sent with each of its requests, refused when it is not a duration, and can be every new chat’s default', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await openOn(page, ollama);
  await page.getByTestId('chat-settings').click();
  const field = page.getByTestId('keep-alive');
  await field.fill('forever');
  await field.press('Tab');
  await expect(page.getByRole('alert').filter({ hasText: '30s, 5m or 1h' })).toBeVisible();
  await field.fill('30m');
  await field.press('Tab');
  await page.getByRole('button', { name: 'Use for new chats' }).click();
  await page.keyboard.press('Escape');

  ollama.script({ tokens: ['Kept.'] });
  await sendMessage(page, 'Hello');
  await expect(ui(page).lastAnswer).toContainText('Kept.');
  const chats = () => ollama.library.keepAlives.filter((k) => k.path === '/api/chat');
  expect(chats().at(-1)?.keepAlive).toBe('30m');

  await page.getByTestId('new-chat').click();
  await page.getByTestId('chat-settings').click();
  await expect(page.getByTestId('keep-alive')).toHaveValue('30m');
  await page.getByTestId('keep-alive').fill('-1');
  await page.getByTestId('keep-alive').press('Tab');
  await page.keyboard.press('Escape');
  await sendMessage(page, 'Again');
  await expect(ui(page).lastAnswer).toContainText('Kept.');
  // A bare number goes as seconds: Ollama's duration parser refuses "-1".
  expect(chats().at(-1)?.keepAlive).toBe(-1);
});
