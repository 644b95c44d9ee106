import { test as base } from '@playwright/test';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../emulators/lmstudio-native-emulator';
import { configureApp, expect, sendMessage, ui } from './fixtures';

/** The LM Studio native emulator (CORS on, as the browser app needs), stopped after each test. */
const test = base.extend<{ native: LMStudioNativeEmulator }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this pattern
  native: async ({}, use) => {
    const native = await startLMStudioNativeEmulator({ cors: true });
    await use(native);
    await native.close();
  },
});

test('LM Studio native: prompt progress shows before the first token, then the answer streams', async ({
  page,
  native,
}) => {
  native.script({
    promptProgressDelayMs: 1500,
    firstTokenDelayMs: 300,
    tokens: ['Fjords', ' are', ' long,', ' narrow', ' inlets', '.'],
    tokenDelayMs: 120,
  });
  await configureApp(page, { urls: { 'lmstudio-native': native.url }, server: 'lmstudio-native' });
  await page.goto('/');
  await expect(ui(page).modelSelect).toHaveValue('qwen2.5-7b-instruct');

  await sendMessage(page, 'What is a fjord?');
  const app = ui(page);
  // Progress from the server (0 → 50 % → 100 %) while the prompt is processed, no text yet.
  await expect(app.waiting).toContainText('Processing prompt… 50%');
  await expect(app.waiting.getByRole('progressbar', { name: 'Prompt processing' })).toHaveAttribute(
    'value',
    '0.5',
  );
  await expect(app.liveAnswer.getByTestId('answer-body')).toHaveCount(0);

  // Then the answer streams in and completes.
  await expect(app.liveAnswer.getByTestId('answer-body')).toContainText('Fjords');
  await expect(app.waiting).toHaveCount(0);
  const done = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect(done.getByTestId('answer-body')).toHaveText('Fjords are long, narrow inlets.');
  expect(native.communicationWarnings).toEqual([]);
  expect(native.requests.filter((r) => r.path === '/llm/predict')).toHaveLength(1);
});
