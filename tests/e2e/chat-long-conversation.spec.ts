/**
 * Opening a long conversation: the answers at its end are rendered at once, older ones wait, as plain
 * text that is still in the page (find-in-page sees it), until the reader scrolls near them.
 */
import { configureApp, expect, importFile, openApp, test, ui } from './fixtures';

const ANSWERS = 6;

/** About 20 KB of markdown with a heading that names the answer and a code block. */
function longAnswer(n: number): string {
  const paragraph = `Paragraph of answer ${n} with **bold** words and \`inline code\`. ${'The brook runs on. '.repeat(40)}\n\n`;
  const code = '```ts\nconst river = "brook";\nconsole.log(river);\n```\n\n';
  return `## Answer ${n}\n\n${(paragraph + code).repeat(20)}End of answer ${n}.`;
}

function conversationFile(): string {
  const messages = [];
  for (let n = 1; n <= ANSWERS; n++) {
    messages.push({ role: 'user', content: `Question ${n}`, createdAt: 2 * n, status: 'complete' });
    messages.push({ role: 'assistant', content: longAnswer(n), createdAt: 2 * n + 1, status: 'complete' });
  }
  return JSON.stringify({
    format: 'brook.conversation',
    version: 1,
    exportedAt: '2025-01-01T00:00:00.000Z',
    conversation: { title: 'Long', createdAt: 1, updatedAt: 1, server: 'ollama', settings: {} },
    messages,
  });
}

test('a long conversation opens at its end rendered; older answers render when scrolled near', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await importFile(page, 'long.json', conversationFile());
  await page.getByTestId('conversation-item').filter({ hasText: 'Long' }).click();
  const app = ui(page);
  await expect(app.answers).toHaveCount(ANSWERS);

  const last = app.answers.last();
  const first = app.answers.first();
  await expect(last.locator('h2')).toHaveText(`Answer ${ANSWERS}`);
  await expect(last.locator('pre code.hljs')).toHaveCount(20);
  await expect(last.getByTestId('unrendered-text')).toHaveCount(0);

  // The first answer is far above: not rendered yet, but its text is in the page.
  await expect(first.getByTestId('unrendered-text')).toContainText('## Answer 1');
  await expect(first.getByTestId('unrendered-text')).toContainText('End of answer 1.');
  await expect(first.locator('h2')).toHaveCount(0);

  await app.scroller.evaluate((scroller) => scroller.scrollTo({ top: 0 }));
  await expect(first.locator('h2')).toHaveText('Answer 1');
  await expect(first.locator('pre code.hljs')).toHaveCount(20);
  await expect(first.getByTestId('unrendered-text')).toHaveCount(0);
  await expect(first.getByTestId('answer-body')).toContainText('End of answer 1.');
});
