import { configureApp, expect, openApp, screenshot, sendMessage, test, ui } from './fixtures';

/** Cuts text into small pieces so tags and links arrive split across chunks. */
function pieces(text: string, size = 5): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function hostileAnswer(remote: string): string {
  return [
    '# Hostile answer',
    '',
    '<script>window.__pwned = "script"</script>',
    '',
    '<img src="x" onerror="window.__pwned = \'onerror\'">',
    '',
    "[click me](javascript:window.__pwned='link')",
    '',
    `![tracker](${remote}/tracker.png)`,
    '',
    `<iframe src="${remote}/frame"></iframe>`,
    '',
    `<svg><script>window.__pwned = "svg"</script><image href="${remote}/svg-image.png"></image></svg>`,
    '',
    `<form action="${remote}/form"><button formaction="javascript:window.__pwned='form'">Send</button></form>`,
    '',
    '<div style="position:fixed;inset:0;background:red;z-index:99999">overlay</div>',
    '',
    `A [normal link](${remote}/page) stays a link.`,
    '',
    'The end.',
  ].join('\n');
}

test('hostile markdown renders inert: no script runs, no handler, no javascript: link, nothing remote loads', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  const remote = await emulators.ollama(); // stands in for any other server the answer points at
  ollama.script({ tokens: pieces(hostileAnswer(remote.url)), tokenDelayMs: 5 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  const remoteRequests: string[] = [];
  page.context().on('request', (request) => {
    if (request.url().startsWith(remote.url)) remoteRequests.push(request.url());
  });
  page.on('dialog', (dialog) => void dialog.dismiss());
  await openApp(page, 'llama3.2:latest');

  await sendMessage(page, 'Say something nasty.');
  const answer = page.locator('article[data-status="complete"]');
  await expect(answer).toContainText('The end.');
  await expectInert(page, answer);
  await screenshot(page, '16-hostile-inert');

  // The stored answer is rendered again after a reload: still inert.
  await page.reload();
  await expect(answer).toContainText('The end.');
  await expectInert(page, answer);

  expect(remoteRequests).toEqual([]);
  expect(remote.requests).toEqual([]);

  async function expectInert(p: typeof page, root: typeof answer): Promise<void> {
    expect(await p.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await expect(
      root.locator('script, iframe, form, object, embed, [onerror], [onclick], [formaction]'),
    ).toHaveCount(0);
    await expect(root.locator('a[href^="javascript:" i]')).toHaveCount(0);
    await expect(root.locator(`img[src^="http"], image`)).toHaveCount(0);
    for (const link of await root.locator('a[href]').all()) {
      expect(await link.getAttribute('rel')).toContain('noopener');
    }
    // Nothing in the rendered answer may lay itself over the app.
    const positioned = await root
      .getByTestId('answer-body')
      .evaluate(
        (el) =>
          [...el.querySelectorAll('*')].filter((node) =>
            ['fixed', 'absolute'].includes(getComputedStyle(node).position),
          ).length,
      );
    expect(positioned).toBe(0);
    await expect(root).toContainText('click me');
    // Markdown itself still renders: a heading, and a safe link that opens in a new tab.
    const body = root.getByTestId('answer-body');
    await expect(body.getByRole('heading', { level: 1 })).toHaveText('Hostile answer');
    const link = body.getByRole('link', { name: 'normal link' });
    await expect(link).toHaveAttribute('href', `${remote.url}/page`);
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(ui(p).input).toBeVisible();
  }
});
