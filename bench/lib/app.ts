/**
 * Driving the real app for benchmarks: a fresh browser context per run (empty IndexedDB, no
 * service worker so its precache downloads do not compete with the measurement), the page
 * probe installed, the servers configured through the same localStorage settings the e2e tests
 * use, and small steps (new chat, choose server, send).
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { configureApp, ui, type ServerId } from '../../tests/e2e/fixtures';
import { probe } from './page-probe';

export const APP_PORT = Number(process.env.BENCH_PORT ?? 4331);
export const APP_URL = `http://127.0.0.1:${APP_PORT}/`;

/** The model each emulator lists first (what the app picks by itself). */
export const MODELS: Record<'ollama' | 'lmstudio-rest' | 'lmstudio-native', string> = {
  ollama: 'llama3.2:latest',
  'lmstudio-rest': 'qwen2.5-7b-instruct',
  'lmstudio-native': 'qwen2.5-7b-instruct',
};

export interface AppPage {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openAppPage(
  browser: Browser,
  urls: Partial<Record<ServerId, string>>,
  server: ServerId = 'ollama',
): Promise<AppPage> {
  const context = await browser.newContext({
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await probe.install(page);
  await configureApp(page, { urls, server });
  await page.goto(APP_URL);
  await waitForModel(page);
  return { context, page, close: () => context.close() };
}

/** The composer can send: a model is chosen and the input is not busy. */
export async function waitForModel(page: Page): Promise<void> {
  await expect(ui(page).modelSelect).not.toHaveValue('', { timeout: 20_000 });
  await expect(ui(page).input).toBeEditable();
  await expect(page.getByTestId('send-button')).toBeVisible(); // not answering (Stop shows then)
}

export async function chooseServer(page: Page, server: ServerId): Promise<void> {
  const select = ui(page).serverSelect;
  if ((await select.inputValue()) !== server) await select.selectOption(server);
  await expect(ui(page).modelSelect).toHaveValue(MODELS[server as keyof typeof MODELS], { timeout: 20_000 });
}

export async function newChat(page: Page): Promise<void> {
  await page.getByTestId('new-chat').click();
  await expect(ui(page).answers).toHaveCount(0);
}

/** Types the question without sending it (so the send itself is one key press). */
export async function typeQuestion(page: Page, text: string): Promise<void> {
  await ui(page).input.fill(text);
}

export async function pressSend(page: Page): Promise<void> {
  await ui(page).input.press('Enter');
}

/** Waits until the last answer is saved as complete (the live view has handed over). */
export async function waitForComplete(page: Page, timeoutMs: number): Promise<void> {
  await expect(ui(page).lastAnswer).toHaveAttribute('data-status', 'complete', { timeout: timeoutMs });
}
