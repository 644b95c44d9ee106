import { configureApp, expect, openApp, screenshot, sendMessage, test } from './fixtures';

const ANSWER = `Here is a small **debounce** helper — it waits until calls stop for \`ms\` milliseconds:

\`\`\`ts
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms = 200) {
  let timer: number | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
\`\`\`

Use it for:

1. search boxes that query as you type,
2. saving drafts,
3. resize handlers.`;

function tokens(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

test('an answer in markdown: code highlighted once its fence closes, with a working copy button', async ({
  page,
  context,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 860 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  for (const earlier of ['Plan a weekend in Lisbon', 'Explain CRDTs simply']) {
    ollama.script({ tokens: ['Sure', '.'] });
    await sendMessage(page, earlier);
    await expect(page.locator('article[data-status="complete"]')).toHaveText(/Sure\./);
    await page.getByTestId('new-chat').click();
  }
  ollama.script({
    reasoningTokens: tokens('The user wants a debounce in TypeScript. Keep it generic and short.'),
    tokens: tokens(ANSWER),
    tokenDelayMs: 15,
  });
  await sendMessage(page, 'How do I debounce a function in TypeScript?');

  const answer = page.locator('article[data-status="complete"]');
  await expect(answer.getByRole('listitem')).toHaveText([
    'search boxes that query as you type,',
    'saving drafts,',
    'resize handlers.',
  ]);
  const code = answer.locator('pre code');
  await expect(code).toContainText('export function debounce');
  await expect(code.locator('.hljs-keyword').first()).toBeVisible();
  await expect(answer.locator('strong')).toHaveText('debounce');
  await page.mouse.move(0, 0);
  await screenshot(page, 'readme');

  await answer.getByRole('button', { name: 'Copy code' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('timer = setTimeout(() => fn(...args), ms);');
  expect(copied).not.toContain('```');
});
