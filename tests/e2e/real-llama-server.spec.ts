/**
 * The built app against a real llama.cpp llama-server (tests/support/llama-server.ts), from the
 * app's own origin, so every request crosses origins with the CORS headers the server really
 * sends. The server's `/slots` says what it was given and what it generated, which the app's
 * stored answer is checked against character for character.
 */
import type { Page } from '@playwright/test';
import { configureServers, expect, screenshot, sendMessage, test, ui } from './fixtures';
import { storedAnswers } from './reliability-helpers';
import { startLlamaServer, type LlamaServerHandle } from '../support/llama-server';
import { idleSlot } from '../real-server/slots';

let server: LlamaServerHandle | undefined;
test.afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const API_KEY = 'brook-real-server-key';

async function openOn(
  page: Page,
  handle: LlamaServerHandle,
  conversation: Record<string, unknown>,
  apiKey?: string,
): Promise<void> {
  await configureServers(
    page,
    [
      {
        id: 'llama',
        kind: 'openai-compatible',
        name: 'llama.cpp',
        url: `${handle.url}/v1`,
        preset: 'llama-cpp',
        keyStorage: 'local',
      },
    ],
    { conversation },
  );
  if (apiKey) {
    await page.addInitScript((key) => localStorage.setItem('brook.apiKey.v2.llama', key), apiKey);
  }
  await page.goto('/');
  await expect(ui(page).modelSelect).toHaveValue(/brook-tiny/);
}

test('an answer streams in from a real server, is saved exactly as generated, and a second turn sends the history', async ({
  page,
}) => {
  server = await startLlamaServer();
  await openOn(page, server, { maxTokens: 48, seed: 7 });

  await sendMessage(page, 'Tell me about rivers.');
  await expect(ui(page).liveAnswer).toHaveCount(1);
  await expect(ui(page).lastAnswer).toHaveAttribute('data-status', 'complete');
  await expect(ui(page).lastAnswer).toContainText('48 tokens');
  // llama-server names its model by the file's path; the app shows the file's name.
  await expect(ui(page).lastAnswer.locator('.who')).toHaveText(/^brook-tiny-[0-9a-f]+$/);
  await expect(ui(page).input).toHaveAttribute('placeholder', /^Message brook-tiny-[0-9a-f]+$/);
  const first = await idleSlot(server.url);
  const [saved] = await storedAnswers(page);
  expect(saved?.content.length).toBeGreaterThan(0);
  expect(saved?.content).toBe(first.generated);

  await sendMessage(page, 'And about lakes?');
  await expect(ui(page).answers).toHaveCount(2);
  await expect(ui(page).lastAnswer).toHaveAttribute('data-status', 'complete');
  const second = await idleSlot(server.url);
  expect(second.prompt).toContain('Tell me about rivers.');
  expect(second.prompt).toContain(saved!.content.trim());
  expect(second.prompt).toContain('And about lakes?');
  const answers = await storedAnswers(page);
  expect(answers[1]?.content).toBe(second.generated);
  await screenshot(page, 'real-llama-server');
});

test('Stop ends the answer at once: the server releases its slot, the text so far is kept', async ({
  page,
}) => {
  server = await startLlamaServer();
  await openOn(page, server, { maxTokens: 1500 });

  await sendMessage(page, 'Write at length.');
  const live = ui(page).liveAnswer;
  await expect(live.locator('.markdown')).not.toBeEmpty();
  await ui(page).stop.click();
  await expect(ui(page).lastAnswer).toHaveAttribute('data-status', 'stopped');
  await expect(ui(page).lastAnswer).toContainText('Stopped');

  // The server says it cancelled the task; its cache holds the prompt and the tokens made so far.
  const slot = await idleSlot(server.url);
  expect(server.log()).toMatch(/cancel task, id_task = \d+/);
  expect(slot.n_prompt_tokens).toBeLessThan(1500);
  const [saved] = await storedAnswers(page);
  expect(saved?.status).toBe('stopped');
  expect(saved?.content.length).toBeGreaterThan(0);
});

test('the server killed mid-answer: the partial text stays, and the message says what happened', async ({
  page,
}) => {
  server = await startLlamaServer();
  await openOn(page, server, { maxTokens: 1500 });

  await sendMessage(page, 'Write at length.');
  await expect(ui(page).liveAnswer.locator('.markdown')).not.toBeEmpty();
  await server.kill();
  const answer = ui(page).lastAnswer;
  await expect(answer).toHaveAttribute('data-status', 'failed');
  await expect(answer.getByRole('alert')).toContainText(/llama\.cpp/);
  const [saved] = await storedAnswers(page);
  expect(saved?.status).toBe('failed');
  expect(saved?.content.length).toBeGreaterThan(0);
  await expect(answer.locator('.markdown')).not.toBeEmpty();
  await screenshot(page, 'real-llama-server-killed');
});

test('a message longer than the context gets the real server’s refusal, in its words, with what to do', async ({
  page,
}) => {
  server = await startLlamaServer({ contextSize: 256 });
  await openOn(page, server, { maxTokens: 16 });

  await ui(page).input.fill(Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '));
  await ui(page).input.press('Enter');
  const failed = ui(page).lastAnswer;
  await expect(failed).toContainText("This conversation no longer fits in the model's context");
  await expect(failed).toContainText(/exceeds the available context size \(256 tokens\)/);
  await expect(failed).not.toContainText('HTTP 400');
});

test('a server started with --api-key: with the key the answer streams, cross-origin, as the server’s CORS allows', async ({
  page,
}) => {
  server = await startLlamaServer({ apiKey: API_KEY });
  await openOn(page, server, { maxTokens: 16 }, API_KEY);
  await sendMessage(page, 'Hello with a key.');
  await expect(ui(page).lastAnswer).toHaveAttribute('data-status', 'complete');
  await expect(ui(page).lastAnswer).toContainText('16 tokens');
});

test('a server started with --api-key, and no key set: the app says the server wants one, and where to put it', async ({
  page,
}) => {
  server = await startLlamaServer({ apiKey: API_KEY });
  await configureServers(page, [
    {
      id: 'llama',
      kind: 'openai-compatible',
      name: 'llama.cpp',
      url: `${server.url}/v1`,
      preset: 'llama-cpp',
    },
  ]);
  await page.goto('/');
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('Invalid API Key');
  await expect(alert).toContainText('llama-server --api-key <key>');
  await screenshot(page, 'real-llama-server-no-key');
});
