/**
 * Servers as data, in the built app: two Ollama servers and one OpenAI-compatible server (a
 * llama.cpp preset, played by the OpenAI-compatible emulator) set up at once. Each conversation
 * streams from its own server and stays on it when the user switches; every failure names the
 * server that failed, by the user's name for it, with that server's own steps. Servers are added
 * in Settings with each bad field refused, and a removed server's chats keep their text.
 */
import type { Page } from '@playwright/test';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { configureServers, expect, screenshot, sendMessage, test, ui } from './fixtures';

function chatRequests(emulator: HttpEmulatorHandle): number {
  return emulator.requests.filter(
    (r) => r.method === 'POST' && (r.path === '/api/chat' || r.path === '/v1/chat/completions'),
  ).length;
}

async function ask(page: Page, question: string, answer: RegExp | string): Promise<void> {
  await sendMessage(page, question);
  await expect(page.locator('article[data-role="assistant"][data-status="complete"]').last()).toContainText(
    answer,
  );
}

async function startThree(emulators: {
  ollama: () => Promise<HttpEmulatorHandle>;
  lmstudio: (options: { cors: boolean }) => Promise<HttpEmulatorHandle>;
}) {
  const laptop = await emulators.ollama();
  const gpu = await emulators.ollama();
  const llama = await emulators.lmstudio({ cors: true });
  laptop.script({ tokens: ['From ', 'the ', 'laptop.'] });
  gpu.script({ tokens: ['From ', 'the ', 'GPU ', 'box.'] });
  llama.script({ tokens: ['From ', 'llama.cpp.'] });
  return { laptop, gpu, llama };
}

const SERVERS = (laptop: string, gpu: string, llama: string) => [
  { id: 'laptop', kind: 'ollama' as const, name: 'Laptop', url: laptop },
  { id: 'gpu', kind: 'ollama' as const, name: 'GPU box', url: gpu },
  {
    id: 'llama',
    kind: 'openai-compatible' as const,
    name: 'llama.cpp server',
    url: llama,
    preset: 'llama-cpp',
  },
];

test('two Ollama servers and a llama.cpp server at once: each chat streams from its own and stays on it', async ({
  page,
  emulators,
}) => {
  const { laptop, gpu, llama } = await startThree(emulators);
  await configureServers(page, SERVERS(laptop.url, gpu.url, llama.url), {
    server: 'laptop',
    models: { laptop: 'llama3.2:latest', gpu: 'qwen3:0.6b', llama: 'qwen2.5-7b-instruct' },
  });
  await page.goto('/');
  const app = ui(page);
  await expect(app.serverSelect.locator('option')).toHaveText(['Laptop', 'GPU box', 'llama.cpp server']);

  await ask(page, 'Hello laptop', 'From the laptop.');
  await page.getByTestId('new-chat').click();
  await app.serverSelect.selectOption('gpu');
  await expect(app.modelSelect).toHaveValue('qwen3:0.6b');
  await ask(page, 'Hello GPU box', 'From the GPU box.');
  await page.getByTestId('new-chat').click();
  await app.serverSelect.selectOption('llama');
  await expect(app.modelSelect).toHaveValue('qwen2.5-7b-instruct');
  await ask(page, 'Hello llama.cpp', 'From llama.cpp.');
  expect([chatRequests(laptop), chatRequests(gpu), chatRequests(llama)]).toEqual([1, 1, 1]);
  await screenshot(page, '20-three-servers');

  // Back to each chat: it is still on its own server, and a follow-up goes there only.
  const items = page.getByTestId('conversation-item');
  await items.filter({ hasText: 'Hello laptop' }).getByRole('button').first().click();
  await expect(app.serverSelect).toHaveValue('laptop');
  laptop.script({ tokens: ['Laptop ', 'again.'] });
  await ask(page, 'Still there?', 'Laptop again.');
  await items.filter({ hasText: 'Hello GPU box' }).getByRole('button').first().click();
  await expect(app.serverSelect).toHaveValue('gpu');
  await expect(app.modelSelect).toHaveValue('qwen3:0.6b');
  gpu.script({ tokens: ['GPU ', 'again.'] });
  await ask(page, 'And you?', 'GPU again.');
  expect([chatRequests(laptop), chatRequests(gpu), chatRequests(llama)]).toEqual([2, 2, 1]);
  const sentTo = (emulator: HttpEmulatorHandle) =>
    emulator.requests
      .filter((r) => r.method === 'POST' && r.path === '/api/chat')
      .map((r) => (r.body as { model: string }).model);
  expect(sentTo(laptop)).toEqual(['llama3.2:latest', 'llama3.2:latest']);
  expect(sentTo(gpu)).toEqual(['qwen3:0.6b', 'qwen3:0.6b']);
});

test('every failure names the server that failed, by its name, with its own steps', async ({
  page,
  emulators,
}) => {
  const { laptop, gpu, llama } = await startThree(emulators);
  await configureServers(page, SERVERS(laptop.url, gpu.url, llama.url), {
    server: 'gpu',
    models: { laptop: 'llama3.2:latest', gpu: 'qwen3:0.6b', llama: 'qwen2.5-7b-instruct' },
  });
  await page.goto('/');
  const app = ui(page);
  await expect(app.modelSelect).toHaveValue('qwen3:0.6b');
  const failed = page.locator('article[data-role="assistant"][data-status="failed"]').last();

  // The GPU box goes away: its chat says so, by name, with Ollama's steps.
  await gpu.close();
  await sendMessage(page, 'Are you up?');
  await expect(failed.getByRole('alert')).toContainText(`Cannot reach “GPU box” (Ollama) at ${gpu.url}`);
  await expect(failed.getByRole('alert')).toContainText('ollama serve');

  // llama.cpp refuses the key: its own words, its own flag, no other product named.
  await page.getByTestId('new-chat').click();
  await app.serverSelect.selectOption('llama');
  await expect(app.modelSelect).toHaveValue('qwen2.5-7b-instruct');
  llama.script({ httpError: { status: 401, body: { error: { message: 'Invalid API Key' } } } });
  await sendMessage(page, 'Let me in');
  const refused = failed.getByRole('alert');
  await expect(refused).toContainText('llama.cpp server answered with HTTP 401: Invalid API Key');
  await expect(refused).toContainText('llama-server --api-key');
  await expect(refused).not.toContainText(/LM Studio|Ollama/);

  // llama.cpp's context overflow, mid-conversation: named, with its -c flag.
  llama.script({
    httpError: {
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'the request exceeds the available context size',
          type: 'exceed_context_size_error',
        },
      },
    },
  });
  await sendMessage(page, 'A very long question');
  await expect(failed.getByRole('alert')).toContainText(
    'llama.cpp server said: the request exceeds the available context size',
  );
  await expect(failed.getByRole('alert')).toContainText('--ctx-size');

  // The laptop is fine meanwhile: a chat on it streams.
  await page.getByTestId('new-chat').click();
  await app.serverSelect.selectOption('laptop');
  await ask(page, 'Laptop?', 'From the laptop.');
});

test('servers are added in Settings with every bad field refused; a removed server’s chat keeps its text', async ({
  page,
  emulators,
}) => {
  const first = await emulators.ollama();
  const second = await emulators.ollama();
  first.script({ tokens: ['Kept ', 'answer.'] });
  await configureServers(page, [{ id: 'desk', kind: 'ollama', name: 'Desk', url: first.url }], {
    models: { desk: 'llama3.2:latest' },
  });
  await page.goto('/');
  const app = ui(page);
  await ask(page, 'Remember this', 'Kept answer.');

  await page.getByTestId('open-settings').click();
  const form = page.getByTestId('add-server-form');
  const errors = form.getByTestId('add-server-error');
  await form.getByTestId('add-server-name').fill('Desk');
  await form.getByTestId('add-server-url').fill('ws://127.0.0.1:1234');
  await form.getByTestId('add-server').click();
  await expect(errors).toHaveCount(2);
  await expect(form).toContainText('Another server is already called “Desk”');
  await expect(form).toContainText("A ws:// address is the LM Studio SDK's");
  await form.getByTestId('add-server-url').fill(`${second.url}/v1`);
  await form.getByTestId('add-server-name').fill('Garage');
  await form.getByTestId('add-server').click();
  await expect(form).toContainText("Ollama's address has no /v1");
  await form.getByTestId('add-server-type').selectOption('openai-compatible:vllm');
  await expect(form.getByTestId('add-server-name')).toHaveValue('Garage'); // the user's own name stays
  await expect(form).toContainText('vllm serve');
  await form.getByTestId('add-server-type').selectOption('ollama');
  await form.getByTestId('add-server-url').fill(second.url);
  await form.getByTestId('add-server').click();
  await expect(errors).toHaveCount(0);
  const cards = page.locator('[data-testid^="server-settings-"]');
  await expect(cards).toHaveCount(2);
  await expect(cards.last()).toContainText('Connected · 2 models');
  await screenshot(page, '21-settings-servers');

  // Remove the chat's server: its chat keeps its text and says what to do.
  await page.getByTestId('remove-desk').click();
  await page.getByTestId('confirm-remove-desk').click();
  await expect(cards).toHaveCount(1);
  await page.getByRole('button', { name: 'Close settings' }).click();
  await expect(page.locator('article[data-role="assistant"]').last()).toContainText('Kept answer.');
  await expect(page.getByTestId('notice-error')).toContainText('“Desk”, was removed from Settings');
  await expect(app.serverSelect.locator('option:checked')).toHaveText('Desk (removed)');
  await sendMessage(page, 'Hello?');
  await expect(app.input).toHaveValue('Hello?'); // nothing sent, nothing lost

  // Pointed at another server, the chat goes on there.
  await app.serverSelect.selectOption({ label: 'Garage' });
  await expect(app.modelSelect).not.toHaveValue('');
  await expect(page.getByTestId('notice-error')).toHaveCount(0);
  second.script({ tokens: ['Garage ', 'here.'] });
  await app.send.click();
  await expect(page.locator('article[data-role="assistant"][data-status="complete"]').last()).toContainText(
    'Garage here.',
  );
  await expect(page.locator('article[data-role="assistant"]').first()).toContainText('Kept answer.');
});

test('a first start finds a server on its documented port and adds it in one click', async ({
  page,
  emulators,
}) => {
  // Jan's port (1337), played by an OpenAI-compatible emulator that says no more than Jan does.
  const jan = await emulators.lmstudio({ cors: true, flavor: 'localai', port: 1337, models: ['jan-nano'] });
  jan.script({ tokens: ['Hello ', 'from ', 'Jan.'] });
  await page.goto('/');
  const found = page.getByTestId('found-on-first-start');
  await expect(found).toContainText('Found on this machine: Jan');
  await found.getByRole('button', { name: 'Add in Settings' }).click();
  const offer = page.getByTestId('found-server').filter({ hasText: 'Jan' });
  await expect(offer).toContainText('http://127.0.0.1:1337/v1');
  await expect(offer).toContainText('1 model');
  await offer.getByTestId('add-found-server').click();
  await expect(offer).toHaveCount(0); // added: no longer offered
  const card = page.locator('[data-testid^="server-settings-"]').filter({ hasText: 'Jan' });
  await expect(card).toContainText('Connected · 1 model');
  // Only 127.0.0.1 was asked: the emulator saw the search and the check, nothing else asked it.
  expect(jan.requests.every((r) => r.path === '/v1/models' || r.method === 'OPTIONS')).toBe(true);
  await page.getByRole('button', { name: 'Close settings' }).click();
  await ui(page).serverSelect.selectOption({ label: 'Jan' });
  await expect(ui(page).modelSelect).toHaveValue('jan-nano');
  await ask(page, 'Hi Jan', 'Hello from Jan.');
  // Nothing is offered again after a reload: the search ran once, and Jan is set up now.
  await page.reload();
  await expect(ui(page).serverSelect).toBeVisible();
  await expect(found).toHaveCount(0);
});
