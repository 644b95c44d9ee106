/**
 * Shared pieces of Brook's end-to-end tests: configuring the app before it loads (the same
 * localStorage keys the settings store reads), emulators that each test starts and stops, and
 * screenshots into test-results/screenshots/.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import {
  startOllamaEmulator,
  type OllamaEmulatorHandle,
  type OllamaEmulatorOptions,
} from '../emulators/ollama-emulator';
import {
  startLMStudioRestEmulator,
  type LMStudioRestEmulatorHandle,
  type LMStudioRestEmulatorOptions,
} from '../emulators/lmstudio-rest-emulator';
import type { HttpEmulatorHandle } from '../emulators/http-base';

export { expect };

/**
 * `configureApp` writes settings as the release before the server registry did (four slots,
 * `brook.settings.v1`): every test that uses it also starts through the settings migration.
 * `configureServers` writes the registry itself (src/lib/stores/settings-parse.ts).
 */
export const SETTINGS_KEY = 'brook.settings.v1';
export const REGISTRY_KEY = 'brook.settings.v2';

export interface ServerSetup {
  id: string;
  kind: ServerId;
  name: string;
  url: string;
  preset?: string;
  /** Where its API key is kept, for kinds that take one. */
  keyStorage?: 'local' | 'session' | 'memory';
}

/** Writes a server registry before the app's first load. */
export async function configureServers(
  page: Page,
  servers: ServerSetup[],
  setup: { server?: string; models?: Record<string, string>; conversation?: Record<string, unknown> } = {},
): Promise<void> {
  const value = JSON.stringify({
    servers,
    defaultServer: setup.server ?? servers[0]?.id,
    defaultModels: setup.models ?? {},
    theme: 'light',
    discoveryDone: true,
    defaultConversationSettings: { systemPrompt: '', ...setup.conversation },
  });
  await page.addInitScript(
    ({ key, value }) => {
      if (localStorage.getItem(key) === null) localStorage.setItem(key, value);
    },
    { key: REGISTRY_KEY, value },
  );
}

export type ServerId = 'ollama' | 'lmstudio-rest' | 'lmstudio-native' | 'openai-compatible';

export interface AppSetup {
  urls?: Partial<Record<ServerId, string>>;
  server?: ServerId;
  models?: Partial<Record<ServerId, string>>;
  theme?: 'system' | 'light' | 'dark';
  /** Conversation defaults, e.g. timeouts. */
  conversation?: Record<string, unknown>;
}

/** Writes Brook's settings before the app's first load (later reloads keep what the app saved). */
export async function configureApp(page: Page, setup: AppSetup): Promise<void> {
  const value = JSON.stringify({
    serverUrls: setup.urls ?? {},
    defaultServer: setup.server ?? 'ollama',
    defaultModels: setup.models ?? {},
    theme: setup.theme ?? 'light',
    defaultConversationSettings: { systemPrompt: '', ...setup.conversation },
  });
  await page.addInitScript(
    ({ key, value }) => {
      if (localStorage.getItem(key) === null) localStorage.setItem(key, value);
    },
    { key: SETTINGS_KEY, value },
  );
}

const SHOTS = 'test-results/screenshots';

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** The app's main parts, by role and test id. */
export function ui(page: Page) {
  return {
    input: page.getByTestId('composer-input'),
    send: page.getByTestId('send-button'),
    stop: page.getByTestId('stop-button'),
    scroller: page.getByTestId('message-scroller'),
    modelSelect: page.getByTestId('model-select'),
    serverSelect: page.getByTestId('server-select'),
    answers: page.locator('article[data-role="assistant"]'),
    liveAnswer: page.locator('article[data-role="assistant"][data-status="streaming"]'),
    lastAnswer: page.locator('article[data-role="assistant"]').last(),
    userMessages: page.locator('article[data-role="user"]'),
    waiting: page.getByTestId('waiting-indicator'),
    jump: page.getByTestId('jump-to-latest'),
    announcer: page.getByTestId('chat-announcer'),
  };
}

/** Types a message and presses Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const input = ui(page).input;
  await input.fill(text);
  await input.press('Enter');
}

/** Picks `content` as a JSON file named `name` in the sidebar's Import (a conversation file). */
export async function importFile(page: Page, name: string, content: string): Promise<void> {
  await page.getByTestId('import-input').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(content, 'utf8'),
  });
}

/** Opens the app and waits until the model list of the chosen server has loaded. */
export async function openApp(page: Page, expectedModel: string): Promise<void> {
  await page.goto('/');
  await expect(ui(page).modelSelect).toHaveValue(expectedModel);
}

export async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

export interface Emulators {
  ollama: (options?: OllamaEmulatorOptions) => Promise<OllamaEmulatorHandle>;
  lmstudio: (options?: LMStudioRestEmulatorOptions) => Promise<LMStudioRestEmulatorHandle>;
}

/** `emulators.ollama()` / `.lmstudio()` start servers that are closed when the test ends. */
export const test = base.extend<{ emulators: Emulators }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this pattern
  emulators: async ({}, use) => {
    const started: HttpEmulatorHandle[] = [];
    const track = async <T extends HttpEmulatorHandle>(handle: Promise<T>): Promise<T> => {
      const emulator = await handle;
      started.push(emulator);
      return emulator;
    };
    await use({
      ollama: (options) => track(startOllamaEmulator(options)),
      lmstudio: (options) => track(startLMStudioRestEmulator(options)),
    });
    await Promise.all(started.map((emulator) => emulator.close()));
  },
});

/** The app on a fresh Ollama emulator (closed when the test ends), its model chosen. */
export async function openWithOllama(
  page: Page,
  emulators: Pick<Emulators, 'ollama'>,
): Promise<OllamaEmulatorHandle> {
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  return ollama;
}

/** Tokens that make a long answer: `count` short paragraphs. */
export function paragraphs(count: number, words = 12): string[] {
  const tokens: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    tokens.push(`Paragraph ${i}:`);
    for (let w = 0; w < words; w += 1) tokens.push(` word${w}`);
    tokens.push('.\n\n');
  }
  return tokens;
}
