import { startOllamaEmulator } from '../emulators/ollama-emulator';
import { configureApp, expect, screenshot, sendMessage, test, ui } from './fixtures';

/** A URL where nothing listens: an emulator's port, after it closed. */
async function deadOllamaUrl(): Promise<string> {
  const emulator = await startOllamaEmulator();
  const url = emulator.url;
  await emulator.close();
  return url;
}

test('a server that is down gets a specific message, at start and when sending', async ({ page }) => {
  const url = await deadOllamaUrl();
  await configureApp(page, { urls: { ollama: url }, models: { ollama: 'llama3.2:latest' } });
  await page.goto('/');
  const app = ui(page);

  const problem = page.getByTestId('connection-error');
  await expect(problem).toContainText(`Cannot reach Ollama at ${url}`);
  await expect(problem).toContainText('ollama serve');
  await screenshot(page, '07-server-down');

  await sendMessage(page, 'Anyone there?');
  const failed = page.locator('article[data-role="assistant"][data-status="failed"]');
  await expect(failed.getByRole('alert')).toContainText(`Cannot reach Ollama at ${url}`);
  await expect(app.announcer).toContainText('Answer failed');
  await expect(app.send).toBeVisible();
  await expect(app.input).toBeFocused();
  await expect(app.input).toBeEditable();
});

test('LM Studio without CORS: the message says to enable CORS, in the chat and in Settings', async ({
  page,
  emulators,
}) => {
  const lmstudio = await emulators.lmstudio({ cors: false });
  await configureApp(page, { urls: { 'lmstudio-rest': lmstudio.url }, server: 'lmstudio-rest' });
  await page.goto('/');

  const problem = page.getByTestId('connection-error');
  await expect(problem).toContainText(/is running but does not allow requests from this page.*CORS/);
  await expect(problem).toContainText('Enable CORS');
  await expect(problem).toContainText('lms server start --cors');

  await page.getByRole('button', { name: 'Open server settings' }).click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('check-lmstudio-rest').click();
  const status = page.getByTestId('server-status-lmstudio-rest');
  await expect(status).toContainText(/does not allow requests from this page.*CORS/);
  await expect(status).toContainText('Enable CORS');
  await screenshot(page, '08-settings-cors-blocked');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(ui(page).input).toBeFocused();
});

test('servers are configured in Settings: a new URL is checked and its models fill the picker', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  const url = await deadOllamaUrl();
  await configureApp(page, { urls: { ollama: url } });
  await page.goto('/');
  const app = ui(page);
  await expect(page.getByTestId('connection-error')).toBeVisible();

  await page.getByTestId('open-settings').click();
  const field = page.getByTestId('server-url-ollama');
  await field.fill('not a url');
  await field.press('Tab');
  await expect(page.getByTestId('server-settings-ollama')).toContainText('Enter a full URL');

  await field.fill(ollama.url);
  await field.press('Tab');
  await expect(page.getByTestId('server-status-ollama')).toContainText('Connected · 2 models');
  await page.getByRole('button', { name: 'Close settings' }).click();
  await expect(app.modelSelect).toHaveValue('llama3.2:latest');
  await expect(page.getByTestId('connection-error')).toHaveCount(0);

  // The URL is kept for the next visit.
  await page.reload();
  await expect(app.modelSelect).toHaveValue('llama3.2:latest');
});
