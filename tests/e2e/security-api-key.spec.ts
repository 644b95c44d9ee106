/**
 * An API key for an OpenAI-compatible server: kept only where the user chose (this browser, this
 * tab, or nowhere), never logged, never saved with conversations or exports, and sent to that
 * server only: the Ollama, LM Studio REST and LM Studio native emulators record every header and
 * body they get, and none of them ever sees it.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { configureApp, expect, sendMessage, test, ui } from './fixtures';
import { readDatabase, recordConsole, startNative } from './reliability-helpers';

const KEY = 'sk-brook-test-3f9a1c7e5d2b8a40';
/** Where this release keeps the key of the server that was release 0.1's OpenAI-compatible slot. */
const KEY_ITEM = 'brook.apiKey.v2.openai-compatible';

async function storedKey(
  page: Page,
): Promise<{ local: string | null; session: string | null; settings: string }> {
  return page.evaluate((item) => {
    const settings = Object.keys(localStorage)
      .filter((key) => key !== item)
      .map((key) => localStorage.getItem(key) ?? '')
      .join('\n');
    return { local: localStorage.getItem(item), session: sessionStorage.getItem(item), settings };
  }, KEY_ITEM);
}

async function setKey(page: Page, key: string, where: 'local' | 'session' | 'memory'): Promise<void> {
  await page.getByTestId('open-settings').click();
  const server = page.getByTestId('server-settings-openai-compatible');
  await server.getByLabel('API key (optional)').fill(key);
  await server.getByLabel('API key (optional)').press('Tab');
  await server.getByLabel('Keep the key').selectOption(where);
  await page.getByRole('button', { name: 'Close settings' }).click();
}

async function askOn(page: Page, server: string, question: string): Promise<void> {
  await ui(page).serverSelect.selectOption(server);
  await expect(ui(page).modelSelect).not.toHaveValue('');
  await sendMessage(page, question);
  await expect(page.locator('article[data-status="complete"]').last()).toContainText('local model');
}

test('the key goes only to its own server, and is never logged or saved with the chats', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  const lmstudio = await emulators.lmstudio({ cors: true });
  const keyed = await emulators.lmstudio({ cors: true, apiKey: KEY });
  const native = await startNative();
  const logged = recordConsole(page);
  try {
    await configureApp(page, {
      urls: {
        ollama: ollama.url,
        'lmstudio-rest': lmstudio.url,
        'lmstudio-native': native.url,
        'openai-compatible': keyed.url,
      },
    });
    await page.goto('/');
    await setKey(page, KEY, 'local');
    expect(await storedKey(page)).toMatchObject({ local: KEY, session: null });
    expect((await storedKey(page)).settings).not.toContain(KEY);

    await askOn(page, 'openai-compatible', 'To the keyed server.');
    await askOn(page, 'ollama', 'To Ollama.');
    await askOn(page, 'lmstudio-rest', 'To LM Studio.');
    await askOn(page, 'lmstudio-native', 'To LM Studio native.');

    // Its own server got it on every request; no other server ever saw it, in any header or body.
    const keyedCalls = keyed.requests.filter((r) => r.method !== 'OPTIONS');
    expect(keyedCalls.length).toBeGreaterThan(0);
    for (const request of keyedCalls) expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    for (const other of [ollama, lmstudio, native]) {
      expect(other.requests.length).toBeGreaterThan(0);
      expect(JSON.stringify(other.requests)).not.toContain(KEY);
      expect(JSON.stringify(other.requests)).not.toMatch(/authorization/i);
    }

    // Not logged, not in the conversations, not in an export.
    expect(logged.join('\n')).not.toContain(KEY);
    expect(JSON.stringify(await readDatabase(page))).not.toContain(KEY);
    await page.getByLabel('Export this chat').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-json').click(),
    ]);
    expect(readFileSync(await download.path(), 'utf8')).not.toContain(KEY);
  } finally {
    await native.close();
  }
});

test('the key is kept only where the user chose: this browser, this tab, or nowhere', async ({
  page,
  emulators,
}) => {
  const keyed = await emulators.lmstudio({ cors: true, apiKey: KEY });
  await configureApp(page, { urls: { 'openai-compatible': keyed.url }, server: 'openai-compatible' });
  await page.goto('/');

  await setKey(page, KEY, 'session');
  expect(await storedKey(page)).toMatchObject({ local: null, session: KEY });
  await page.reload();
  await expect(ui(page).modelSelect).toHaveValue('qwen2.5-7b-instruct');

  await setKey(page, KEY, 'memory');
  expect(await storedKey(page)).toMatchObject({ local: null, session: null });
  expect((await storedKey(page)).settings).not.toContain(KEY);
  // Kept nowhere: after a reload the server refuses, and the message says to enter the key.
  await page.reload();
  await expect(page.getByTestId('connection-error')).toContainText('wants an API key');

  await setKey(page, KEY, 'local');
  expect(await storedKey(page)).toMatchObject({ local: KEY, session: null });
});
