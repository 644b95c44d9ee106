/**
 * LMStudioNativeProvider inside a real module Web Worker in Chromium, against the LM Studio
 * native emulator. The harness page and worker (tests/e2e/harness/native-worker/) are built
 * with Vite as the app's worker is built, so the real @lmstudio/sdk runs bundled for the
 * browser; the page drives the worker through page.evaluate.
 */
import { expect, test, type Page } from '@playwright/test';
import type { RunOutcome } from './harness/native-worker/messages';
import { serveNativeWorkerHarness, type ServedHarness } from './harness/native-worker/serve-harness';
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../emulators/lmstudio-native-emulator';

interface Harness {
  run(baseUrl: string, options?: { model?: string; stopAfterTexts?: number }): Promise<RunOutcome>;
  list(baseUrl: string): Promise<RunOutcome>;
  uncaught(): string[];
}

let emulator: LMStudioNativeEmulator;
let harness: ServedHarness;
let harnessUrl: string;

async function openHarness(page: Page): Promise<void> {
  await page.goto(harnessUrl);
  await page.waitForSelector('body[data-ready="true"]');
}

function run(page: Page, baseUrl: string, options: { model?: string; stopAfterTexts?: number } = {}) {
  return page.evaluate(
    ([url, opts]) => (window as unknown as { nativeHarness: Harness }).nativeHarness.run(url, opts),
    [baseUrl, options] as const,
  );
}

function uncaught(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { nativeHarness: Harness }).nativeHarness.uncaught());
}

function texts(outcome: RunOutcome): string[] {
  return outcome.events.flatMap((event) => (event.type === 'text' ? [event.text] : []));
}

test.beforeAll(async () => {
  harness = await serveNativeWorkerHarness();
  harnessUrl = harness.url;
  const { fileName, bytes, gzipBytes } = harness.worker;
  console.log(
    `native worker bundle ${fileName}: ${(bytes / 1024).toFixed(1)} KB, ${(gzipBytes / 1024).toFixed(1)} KB gzip`,
  );
  emulator = await startLMStudioNativeEmulator();
});

test.afterAll(async () => {
  await emulator?.close();
  await harness?.close();
});

test.beforeEach(() => {
  emulator.script({});
  emulator.configure({ cors: true, answerCancel: true });
  emulator.setLoaded(['qwen2.5-7b-instruct']);
});

test('the SDK bundles for the browser with no Node module externalized', () => {
  expect(
    harness.buildWarnings.filter((warning) => /externalized for browser compatibility/.test(warning)),
  ).toEqual([]);
});

test('streams a multi-fragment answer from inside a Web Worker', async ({ page }) => {
  const tokens = ['Hello', ' from', ' LM Studio', ' in', ' a', ' worker', '.'];
  emulator.script({ tokens, tokenDelayMs: 5 });
  await openHarness(page);
  const outcome = await run(page, emulator.url);
  expect(outcome.error).toBeUndefined();
  expect(texts(outcome)).toEqual(tokens);
  expect(outcome.events.filter((event) => event.type === 'prompt-progress')).toHaveLength(3);
  expect(outcome.events.at(-1)).toMatchObject({
    type: 'finish',
    reason: 'stop',
    model: 'qwen2.5-7b-instruct',
  });
  // It really came from the browser: the upgrade carried the page's Origin.
  const predict = await emulator.waitForRequest('/llm/predict');
  expect(predict.headers.origin).toBe(new URL(harnessUrl).origin);
  expect(emulator.communicationWarnings).toEqual([]);
  expect(await uncaught(page)).toEqual([]);
});

test('can be stopped mid-answer: the emulator sees cancel and the partial text is kept', async ({ page }) => {
  emulator.script({ tokens: ['One', ' two', ' three', ' four', ' five', ' six'], tokenDelayMs: 500 });
  await openHarness(page);
  const before = emulator.cancellations.length;
  const outcome = await run(page, emulator.url, { stopAfterTexts: 2 });
  expect(outcome.error).toMatchObject({ kind: 'aborted', partialText: 'One two' });
  expect(texts(outcome)).toEqual(['One', ' two']);
  await emulator.waitForCancellations(before + 1);
  expect(emulator.cancellations.at(-1)?.path).toBe('/llm/predict');
  expect(await uncaught(page)).toEqual([]);
});

test('no server: a typed connection error, and nothing uncaught', async ({ page }) => {
  const gone = await startLMStudioNativeEmulator();
  const address = gone.url;
  await gone.close();
  await openHarness(page);
  const outcome = await run(page, address);
  expect(outcome.events).toEqual([]);
  expect(outcome.error).toMatchObject({
    kind: 'connection',
    provider: 'lmstudio-native',
    message: `Cannot reach LM Studio at ${address}.`,
    corsSuspected: true,
  });
  expect(outcome.error?.hint).toContain('lms server start --cors');
  // The SDK throws a TypeError from its socket error listener here; the provider's guard contains it.
  expect(await uncaught(page)).toEqual([]);
});

test('CORS off in LM Studio: the browser is refused and gets the same typed connection error', async ({
  page,
}) => {
  emulator.configure({ cors: false });
  const refusedBefore = emulator.refusedUpgrades;
  await openHarness(page);
  const outcome = await run(page, emulator.url);
  expect(outcome.error).toMatchObject({ kind: 'connection', corsSuspected: true });
  expect(outcome.error?.hint).toContain('Enable CORS');
  expect(emulator.refusedUpgrades).toBeGreaterThan(refusedBefore);
  expect(await uncaught(page)).toEqual([]);
});

test('server errors reach the worker as typed errors (the process shim works)', async ({ page }) => {
  emulator.setLoaded([]);
  await openHarness(page);
  const noModel = await run(page, emulator.url);
  expect(noModel.error).toMatchObject({
    kind: 'model-not-found',
    message: 'No model is loaded in LM Studio: load one or pick a model.',
  });
  const unknown = await run(page, emulator.url, { model: 'no-such-model' });
  expect(unknown.error).toMatchObject({
    kind: 'model-not-found',
    message: 'LM Studio has no model "no-such-model".',
  });
  const listed = await page.evaluate(
    (url) => (window as unknown as { nativeHarness: Harness }).nativeHarness.list(url),
    emulator.url,
  );
  expect(listed.result).toEqual([
    expect.objectContaining({ id: 'qwen2.5-7b-instruct', loaded: false }),
    expect.objectContaining({ id: 'llama-3.2-1b-instruct', loaded: false }),
  ]);
  expect(await uncaught(page)).toEqual([]);
});
