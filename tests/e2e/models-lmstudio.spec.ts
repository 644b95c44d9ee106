/**
 * Manage models on LM Studio, in the built app: over its REST API v1 (the OpenAI-compatible
 * server kind) a download is followed with its bar, stopping only stops watching (LM Studio
 * goes on) and Resume follows the same job to the end; a load takes a context length (a bad
 * one is refused in words) and the loaded list shows it; unload frees it. Over the native SDK a
 * load shows its progress, and unloading the model that is answering ends that answer with its
 * text kept and a message, while the chat goes on with another model.
 */
import type { Page } from '@playwright/test';
import { configureApp, expect, openApp, screenshot, sendMessage, test, ui } from './fixtures';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../emulators/lmstudio-native-emulator';

async function openModels(page: Page) {
  await page.getByTestId('manage-models').click();
  const dialog = page.getByTestId('models-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

const row = (page: Page, model: string) => page.locator(`[data-testid="model-row"][data-model="${model}"]`);

test('LM Studio REST: a download is followed to the end across a stop, a load takes a context length, unload frees it', async ({
  page,
  emulators,
}) => {
  const lmstudio = await emulators.lmstudio({ cors: true });
  lmstudio.library.downloadScript = { steps: 1000 };
  await configureApp(page, { urls: { 'lmstudio-rest': lmstudio.url }, server: 'lmstudio-rest' });
  await openApp(page, 'qwen2.5-7b-instruct');
  await openModels(page);

  // What is in memory, with the context it was loaded with; LM Studio gives no expiry.
  await expect(row(page, 'qwen2.5-7b-instruct').getByTestId('model-loaded')).toHaveText(
    'In memory: 2.5 GB · 4,096 ctx',
  );
  await expect(page.getByTestId('model-delete')).toHaveCount(0); // LM Studio's API cannot delete

  await page.getByTestId('pull-name').fill('ibm/granite-4-micro');
  await expect(
    page.getByRole('link', { name: /LM Studio's model catalog: ibm\/granite-4-micro/ }),
  ).toHaveAttribute('href', 'https://lmstudio.ai/models/ibm/granite-4-micro');
  await page.getByTestId('pull-start').click();
  const pull = page.locator('[data-testid="pull-row"][data-model="ibm/granite-4-micro"]');
  await expect(pull.getByTestId('pull-line')).toContainText(/\d+ % · [\d.]+ (MB|GB) of 2\.3 GB/);
  await pull.getByTestId('pull-stop').click();
  await expect(pull).toHaveAttribute('data-phase', 'stopped');
  await expect(pull.getByTestId('pull-note')).toHaveText(
    'LM Studio goes on downloading it; Resume follows it again.',
  );

  const job = [...lmstudio.library.jobs.values()][0];
  lmstudio.library.downloadScript = { steps: (job?.reads ?? 0) + 2 };
  await pull.getByTestId('pull-resume').click();
  await expect(pull).toHaveAttribute('data-phase', 'done');
  expect(lmstudio.library.jobs.size).toBe(1); // the same job, followed again
  await expect(row(page, 'ibm/granite-4-micro')).toBeVisible();

  // Load with a context length: a bad one is refused before anything is sent.
  const qwen3 = row(page, 'qwen/qwen3-4b');
  await qwen3.getByTestId('model-load').click();
  await qwen3.getByTestId('load-context').fill('lots');
  await qwen3.getByTestId('model-load-confirm').click();
  await expect(qwen3.getByTestId('load-problem')).toHaveText(
    'The context length is a whole number of tokens, e.g. 8192.',
  );
  await qwen3.getByTestId('load-context').fill('99999');
  await qwen3.getByTestId('model-load-confirm').click();
  await expect(qwen3.getByTestId('load-problem')).toHaveText('This model takes at most 32,768 tokens.');
  expect(lmstudio.library.loadRequests).toEqual([]);
  await qwen3.getByTestId('load-context').fill('16384');
  await qwen3.getByTestId('model-load-confirm').click();
  await expect(qwen3.getByTestId('model-loaded')).toHaveText('In memory: 2.5 GB · 16,384 ctx');
  expect(lmstudio.library.loadRequests).toEqual([{ model: 'qwen/qwen3-4b', context_length: 16384 }]);
  await screenshot(page, '42-lmstudio-models');

  await row(page, 'qwen2.5-7b-instruct').getByTestId('model-unload').click();
  await expect(row(page, 'qwen2.5-7b-instruct')).toHaveAttribute('data-loaded', 'no');
  expect(lmstudio.library.unloads).toEqual(['qwen2.5-7b-instruct']);
});

test.describe('LM Studio native', () => {
  let native: LMStudioNativeEmulator;
  test.beforeEach(async () => {
    native = await startLMStudioNativeEmulator({ cors: true });
  });
  test.afterEach(async () => {
    expect(native.communicationWarnings).toEqual([]);
    await native.close();
  });

  test('a load shows its progress; unloading the model that answers keeps its text, says so, and another model answers', async ({
    page,
  }) => {
    await configureApp(page, {
      urls: { 'lmstudio-native': native.url },
      server: 'lmstudio-native',
      models: { 'lmstudio-native': 'qwen2.5-7b-instruct' },
    });
    await openApp(page, 'qwen2.5-7b-instruct');
    await openModels(page);
    const llama = row(page, 'llama-3.2-1b-instruct');
    await expect(llama).toHaveAttribute('data-loaded', 'no');
    native.holdLoads(true);
    await llama.getByTestId('model-load').click();
    await llama.getByTestId('model-load-confirm').click();
    await expect(llama.getByTestId('model-busy')).toHaveText('Loading… 50 %');
    await expect(llama.getByTestId('load-bar')).toHaveAttribute('value', '50');
    native.releaseLoads();
    await expect(llama).toHaveAttribute('data-loaded', 'yes');
    await expect(llama.getByTestId('model-loaded')).toHaveText(/In memory: 1\.3 GB · 4,096 ctx/);
    await page.keyboard.press('Escape');

    // Unload the model while it answers: the words so far stay, the message says what happened.
    native.script({ tokens: ['One, ', 'two, ', 'three, ', 'four, ', 'five.'], tokenDelayMs: 400 });
    await sendMessage(page, 'Count to five');
    await expect(ui(page).liveAnswer).toContainText('One, two,');
    await openModels(page);
    await row(page, 'qwen2.5-7b-instruct').getByTestId('model-unload').click();
    await expect(row(page, 'qwen2.5-7b-instruct')).toHaveAttribute('data-loaded', 'no');
    await page.keyboard.press('Escape');
    const failed = page.locator('article[data-role="assistant"][data-status="failed"]').last();
    await expect(failed.getByRole('alert')).toContainText(
      'LM Studio unloaded "qwen2.5-7b-instruct" while it was answering.',
    );
    await expect(failed).toContainText('One, two,');
    await expect(failed).not.toContainText('five.');

    await ui(page).modelSelect.selectOption('llama-3.2-1b-instruct');
    native.script({ tokens: ['Llama ', 'here.'] });
    await sendMessage(page, 'Who is there?');
    await expect(ui(page).lastAnswer).toContainText('Llama here.');
  });
});
