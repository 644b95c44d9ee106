/**
 * The context gauge, in the built app: it fills as a conversation grows (the server's own counts
 * after each answer, estimates between), warns before a message the server would refuse, and when
 * one is sent anyway the refusal says what happened in the server's words and what to do.
 */
import { configureServers, expect, sendMessage, test, ui } from './fixtures';

test('the gauge fills as the chat grows, warns before an overflow, and the refusal says what to do', async ({
  page,
  emulators,
}) => {
  const llama = await emulators.lmstudio({
    flavor: 'llama.cpp',
    models: ['qwen3-4b'],
    cors: true,
    contextLimit: 600,
  });
  await configureServers(
    page,
    [{ id: 'llama', kind: 'openai-compatible', name: 'llama.cpp', url: llama.url, preset: 'llama-cpp' }],
    { models: { llama: 'qwen3-4b' } },
  );
  await page.goto('/');
  await expect(ui(page).modelSelect).toHaveValue('qwen3-4b');
  const gauge = page.getByTestId('context-gauge');
  const gaugeFigure = page.getByTestId('context-figure');
  await expect(gaugeFigure).toHaveText(/^0 \/ 600 tokens$/);

  const figure = async () =>
    Number(((await gaugeFigure.textContent()) ?? '').replace(/[~,]/g, '').split(' ')[0]);
  llama.script({ tokens: ['A ', 'short ', 'answer.'] });
  await sendMessage(page, 'x'.repeat(400));
  await expect(ui(page).lastAnswer).toContainText('A short answer.');
  await expect(gauge).toHaveAttribute('data-level', 'ok');
  const first = await figure();
  expect(first).toBeGreaterThanOrEqual(100);

  await sendMessage(page, 'y'.repeat(400));
  await expect(ui(page).answers).toHaveCount(2);
  await expect(ui(page).lastAnswer).toContainText('A short answer.');
  await expect.poll(figure).toBeGreaterThan(first);

  // A long draft: the warning comes before sending, with what to do.
  await ui(page).input.fill('z'.repeat(2000));
  const warning = page.getByTestId('context-warning');
  await expect(warning).toContainText("may not fit in the model's context");
  await expect(warning).toContainText('Start a new chat, restart the server with a larger context');
  await expect(gauge).toHaveAttribute('data-level', 'over');

  // Sent anyway: llama.cpp refuses it, and the message says so in its words.
  await ui(page).input.press('Enter');
  const failed = ui(page).lastAnswer;
  await expect(failed).toContainText("This conversation no longer fits in the model's context");
  await expect(failed).toContainText('exceeds the available context size (600 tokens)');
  await expect(failed).not.toContainText('HTTP 400');
  await expect(ui(page).answers.first()).toContainText('A short answer.');
});

test("on Ollama the gauge follows this chat's context length, and says Ollama's default otherwise", async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await configureServers(page, [{ id: 'ollama', kind: 'ollama', name: 'Ollama', url: ollama.url }], {
    models: { ollama: 'llama3.2:latest' },
  });
  await page.goto('/');
  await expect(ui(page).modelSelect).toHaveValue('llama3.2:latest');
  const gauge = page.getByTestId('context-gauge');
  const gaugeFigure = page.getByTestId('context-figure');
  await expect(gaugeFigure).toHaveText('0 / 4,096 tokens');
  await expect(gauge).toHaveAttribute('title', /Ollama's default context/);
  await page.getByTestId('chat-settings').click();
  await page.getByTestId('context-length').fill('2048');
  await page.getByTestId('context-length').press('Tab');
  await page.keyboard.press('Escape');
  await expect(gaugeFigure).toHaveText('0 / 2,048 tokens');
  await expect(gauge).toHaveAttribute('title', /this chat's context length/);
});
