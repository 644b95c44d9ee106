/**
 * Connection faults as the user meets them in the app: what the failed answer says, that the
 * text received before the fault stays on screen and in IndexedDB, and that trying again works.
 */
import { configureApp, expect, openApp, sendMessage, test, textOf, ui } from './fixtures';
import { startIpv6AppProxy, startNative, storedAnswers } from './reliability-helpers';

const TOKENS = Array.from({ length: 60 }, (_, i) => ` word${i}`);
const failed = (page: import('@playwright/test').Page) =>
  page.locator('article[data-role="assistant"][data-status="failed"]');

test('a wrong port (LM Studio answering where Ollama should be): the message says to check the address', async ({
  page,
  emulators,
}) => {
  const lmstudio = await emulators.lmstudio({ cors: true });
  await configureApp(page, {
    urls: { ollama: `http://127.0.0.1:${lmstudio.port}` },
    models: { ollama: 'llama3.2:latest' },
  });
  await page.goto('/');
  await sendMessage(page, 'Hello?');
  const alert = failed(page).getByRole('alert');
  await expect(alert).toContainText(`The server at http://127.0.0.1:${lmstudio.port} is not Ollama`);
  await expect(alert).toContainText('Check the address and port');
});

test('a server that accepts and never answers: the first-token timeout set in Settings ends the wait; Try again answers', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ neverAnswer: true });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const app = ui(page);

  // The timeout is a setting of the chat, in seconds.
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-conversation').click();
  await page.getByTestId('first-token-timeout').fill('1');
  await page.getByTestId('first-token-timeout').press('Tab');
  await page.keyboard.press('Escape');

  await sendMessage(page, 'Are you there?');
  await expect(app.waiting).toBeVisible();
  const alert = failed(page).getByRole('alert');
  await expect(alert).toContainText('accepted the request but sent no answer within 1 s');
  await expect(alert).toContainText('raise “First-token timeout (s)” in Settings → This chat');
  // The worker gave up on the request: the server saw its connection close.
  await ollama.waitForRequestConnectionsClosed();
  expect(ollama.outcomes).toEqual(['gone']);
  await expect(app.input).toBeEditable();

  ollama.script({ tokens: ['Here', ' now', '.'] });
  await failed(page).getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('article[data-status="complete"]')).toContainText('Here now.');
  await expect(app.answers).toHaveCount(1);
  await expect(app.userMessages).toHaveText(['Are you there?']);
});

test('a stall mid-answer: the idle timeout ends it; every word shown is kept, on screen and saved', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: TOKENS, tokenDelayMs: 10, stallAfterTokens: 25 });
  await configureApp(page, {
    urls: { ollama: ollama.url },
    conversation: { idleTimeoutMs: 1000, firstTokenTimeoutMs: 10_000 },
  });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Go on.');
  const alert = failed(page).getByRole('alert');
  await expect(alert).toContainText('stopped sending the answer for 1 s');
  const expected = TOKENS.slice(0, 25).join('').trim();
  await expect(failed(page).getByTestId('answer-body')).toHaveText(expected);
  await expect
    .poll(async () => (await storedAnswers(page)).map((a) => [a.content.trim(), a.status]))
    .toEqual([[expected, 'failed']]);
  await ollama.waitForRequestConnectionsClosed();

  await page.reload();
  await expect(failed(page).getByTestId('answer-body')).toHaveText(expected);
});

test.describe('mid-answer failures keep the text received, for each server', () => {
  for (const fault of ['drop', 'error'] as const) {
    test(`Ollama, connection ${fault === 'drop' ? 'dropped' : 'sends {"error"}'}: partial text kept with the reason`, async ({
      page,
      emulators,
    }) => {
      const ollama = await emulators.ollama();
      ollama.script({
        tokens: TOKENS,
        tokenDelayMs: 40,
        ...(fault === 'drop'
          ? { dropAfterTokens: 20 }
          : { failAfterTokens: 20, failMessage: 'CUDA error: out of memory' }),
      });
      await configureApp(page, { urls: { ollama: ollama.url } });
      await openApp(page, 'llama3.2:latest');
      await sendMessage(page, 'Talk.');
      await expect(ui(page).liveAnswer).toContainText('word5');
      const seen = (await textOf(ui(page).liveAnswer.getByTestId('answer-body'))).trim();
      const alert = failed(page).getByRole('alert');
      await expect(alert).toContainText('Answer incomplete.');
      await expect(alert).toContainText(
        fault === 'drop' ? 'the connection dropped' : 'CUDA error: out of memory',
      );
      const shown = (await textOf(failed(page).getByTestId('answer-body'))).trim();
      // Everything seen while it streamed is still there, and it is what the server sent.
      expect(shown.startsWith(seen)).toBe(true);
      const sent = TOKENS.slice(0, 20).join('').trim();
      // A reset connection may lose the bytes in flight (they never reached the page); an error line may not.
      if (fault === 'error') expect(shown).toBe(sent);
      else expect(sent.startsWith(shown)).toBe(true);
      await expect
        .poll(async () => (await storedAnswers(page)).map((a) => a.content.trim()))
        .toEqual([shown]);
    });
  }

  test('LM Studio REST, an SSE error event mid-stream: partial text kept with the reason', async ({
    page,
    emulators,
  }) => {
    const lmstudio = await emulators.lmstudio({ cors: true });
    lmstudio.script({ tokens: TOKENS, tokenDelayMs: 5, failAfterTokens: 20, failMessage: 'Model crashed' });
    await configureApp(page, { urls: { 'lmstudio-rest': lmstudio.url }, server: 'lmstudio-rest' });
    await openApp(page, 'qwen2.5-7b-instruct');
    await sendMessage(page, 'Talk.');
    await expect(failed(page).getByRole('alert')).toContainText('Model crashed');
    await expect(failed(page).getByTestId('answer-body')).toHaveText(TOKENS.slice(0, 20).join('').trim());
  });

  test('LM Studio native, the prediction fails (channelError): partial text kept with the reason', async ({
    page,
  }) => {
    const native = await startNative();
    try {
      native.script({ tokens: TOKENS, tokenDelayMs: 5, failAfterTokens: 20, failMessage: 'Model crashed' });
      await configureApp(page, { urls: { 'lmstudio-native': native.url }, server: 'lmstudio-native' });
      await page.goto('/');
      await expect(ui(page).modelSelect).not.toHaveValue('');
      await sendMessage(page, 'Talk.');
      await expect(failed(page).getByRole('alert')).toContainText('Model crashed');
      await expect(failed(page).getByTestId('answer-body')).toHaveText(TOKENS.slice(0, 20).join('').trim());
    } finally {
      await native.close();
    }
  });
});

test('HTTP errors: a JSON body and an HTML body both reach the user with the status', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  ollama.script({ httpError: { status: 500, body: { error: 'llama runner process has terminated' } } });
  await sendMessage(page, 'One.');
  await expect(failed(page).last().getByRole('alert')).toContainText(
    'HTTP 500: llama runner process has terminated',
  );
  ollama.script({
    httpError: { status: 502, body: '<html><h1>502 Bad Gateway</h1></html>', contentType: 'text/html' },
  });
  await sendMessage(page, 'Two.');
  await expect(failed(page).last().getByRole('alert')).toContainText('HTTP 502');
  await expect(failed(page).last().getByRole('alert')).toContainText('502 Bad Gateway');
  // Markup in a server's error is shown as text, never rendered.
  await expect(failed(page).last().locator('h1')).toHaveCount(0);
});

test('model not found: the message names the model and how to get it', async ({ page, emulators }) => {
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url }, models: { ollama: 'llama3.2:latest' } });
  await openApp(page, 'llama3.2:latest');
  ollama.script({ httpError: { status: 404, body: { error: "model 'llama3.2:latest' not found" } } });
  await sendMessage(page, 'Hi.');
  const alert = failed(page).getByRole('alert');
  await expect(alert).toContainText('Ollama has no model "llama3.2:latest"');
  await expect(alert).toContainText('ollama pull llama3.2:latest');
});

test('CORS: LM Studio with CORS off names the setting to turn on', async ({ page, emulators }) => {
  const lmstudio = await emulators.lmstudio({ cors: false });
  await configureApp(page, {
    urls: { 'lmstudio-rest': lmstudio.url },
    server: 'lmstudio-rest',
    models: { 'lmstudio-rest': 'qwen2.5-7b-instruct' },
  });
  await page.goto('/');
  await sendMessage(page, 'Hi.');
  const alert = failed(page).getByRole('alert');
  await expect(alert).toContainText(`LM Studio at ${lmstudio.url} is running but does not allow requests`);
  await expect(alert).toContainText('Enable CORS');
  // Only the probe and the refused calls reached it: no answer was read.
  expect(lmstudio.outcomes).toEqual([]);
});

test('CORS: Ollama refusing a page served from another origin names OLLAMA_ORIGINS with that origin', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  const proxy = await startIpv6AppProxy();
  try {
    await configureApp(page, { urls: { ollama: ollama.url }, models: { ollama: 'llama3.2:latest' } });
    await page.goto(proxy.url);
    // Already when the app checks the server on start…
    await expect(page.getByTestId('connection-error')).toContainText(`OLLAMA_ORIGINS=${proxy.url}`);
    // …and on sending.
    await sendMessage(page, 'Hi.');
    const alert = failed(page).getByRole('alert');
    await expect(alert).toContainText(
      `Ollama at ${ollama.url} is running but refuses requests from this page`,
    );
    await expect(alert).toContainText(`OLLAMA_ORIGINS=${proxy.url}`);
    // The server did refuse that origin (403), it was not down.
    const refused = ollama.requests.filter((r) => r.headers.origin === proxy.url);
    expect(refused.length).toBeGreaterThan(0);
  } finally {
    await proxy.close();
  }
});

test('LM Studio native not running: the message names the address, how to start it and CORS', async ({
  page,
}) => {
  const native = await startNative();
  const url = native.url;
  await native.close();
  await configureApp(page, { urls: { 'lmstudio-native': url }, server: 'lmstudio-native' });
  await page.goto('/');
  const problem = page.getByTestId('connection-error');
  await expect(problem).toContainText(`Cannot reach LM Studio at ${url}`);
  await expect(problem).toContainText('lms server start');
  await expect(problem).toContainText('Enable CORS');
});

test('emoji and multi-byte characters cut across network writes arrive whole in the browser', async ({
  page,
  emulators,
}) => {
  const tokens = ['Grüße', ' 🌍', ' 你好', ' 👩‍👩‍👧', ' 𝄞', ' naïve café'];
  const ollama = await emulators.ollama();
  ollama.script({ tokens, splitUtf8: true });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Say it in many scripts.');
  const done = page.locator('article[data-status="complete"]');
  await expect(done.getByTestId('answer-body')).toHaveText(tokens.join(''));
  await expect(done.getByTestId('answer-body')).not.toContainText('\uFFFD');
  await expect.poll(async () => (await storedAnswers(page)).map((a) => a.content)).toEqual([tokens.join('')]);
});
