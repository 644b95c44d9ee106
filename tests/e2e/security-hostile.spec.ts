/**
 * Hostile model output in the real app: markdown and HTML that try to run script (tags, event
 * handlers, javascript:/data: links, SVG, forms, iframes), to load anything remote, or to hide or
 * cover the UI with CSS. None may run (a script would set window.__pwned), nothing may be fetched
 * (the page's requests are watched, and the "remote" server counts what reaches it), and the app
 * stays usable. Checked while streaming, when finished, and again after a reload.
 */
import type { Locator, Page } from '@playwright/test';
import { configureApp, expect, openApp, screenshot, sendMessage, test, ui } from './fixtures';
import { APP_ORIGIN } from './reliability-helpers';

function hostileMarkdown(remote: string): string {
  return [
    '# Hostile',
    '<script>window.__pwned = "script"</script>',
    '<img src="x" onerror="window.__pwned = \'img\'"> <img src="' + remote + '/img.png">',
    '<svg onload="window.__pwned = \'svg\'"><script>window.__pwned = "svg-script"</script></svg>',
    '<iframe src="' +
      remote +
      '/frame"></iframe><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<object data="' + remote + '/obj"></object><embed src="' + remote + '/embed">',
    '<video poster="' +
      remote +
      '/poster.png" src="' +
      remote +
      '/v.mp4"></video><audio src="' +
      remote +
      '/a.mp3"></audio>',
    '<link rel="stylesheet" href="' +
      remote +
      '/evil.css"><link rel="prefetch" href="' +
      remote +
      '/prefetch">',
    '<meta http-equiv="refresh" content="0;url=' + remote + '/refresh"><base href="' + remote + '/">',
    '<style>@import url("' + remote + '/import.css"); body { display: none !important }</style>',
    '<div style="position:fixed;inset:0;z-index:2147483647;background:url(' +
      remote +
      '/bg.png)">COVER</div>',
    '<form action="' +
      remote +
      '/form" method="post"><input name="q" value="secret"><button>Send</button></form>',
    '<details open ontoggle="window.__pwned = \'toggle\'">x</details>',
    '<a href="javascript:window.__pwned = \'a\'">js link</a> <a href="' +
      remote +
      '/ok" ping="' +
      remote +
      '/ping">ping link</a>',
    '',
    "[markdown js](javascript:window.__pwned='md') [data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+)",
    '[entity js](&#106;avascript:window.__pwned=1) [spaced](java\tscript:window.__pwned=1)',
    '',
    `![remote image](${remote}/md-image.png) ![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)`,
    '',
    `[ref link][r] and <${remote}/autolink>`,
    '',
    `[r]: ${remote}/reference`,
    '',
    '```html',
    '<script>window.__pwned = "code"</script>',
    '```',
    '',
    'Last line.',
  ].join('\n');
}

function pieces(text: string, size = 7): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

const UNSAFE = [
  'script',
  'iframe',
  'object',
  'embed',
  'form',
  'input',
  'img',
  'svg',
  'math',
  'video',
  'audio',
  'source',
  'link',
  'meta',
  'base',
  'style',
  'details',
].join(', ');

/**
 * Everything that would make the model's output in `article` unsafe (its answer body and reasoning;
 * the app's own chrome around them has icons and a details element); empty when it is inert.
 */
async function unsafeParts(article: Locator): Promise<string[]> {
  return article.evaluate((element, unsafe) => {
    const found: string[] = [];
    const output = element.querySelectorAll('[data-testid="answer-body"], .reasoning .body');
    if (output.length === 0) found.push('no output rendered');
    const nodes = [...output].flatMap((root) => [...root.querySelectorAll('*')]);
    for (const node of nodes) if (node.matches(unsafe)) found.push(`<${node.tagName.toLowerCase()}>`);
    for (const node of nodes) {
      for (const { name, value } of node.attributes) {
        if (
          name.startsWith('on') ||
          name === 'style' ||
          name === 'src' ||
          name === 'srcdoc' ||
          name === 'ping'
        )
          found.push(`${node.tagName.toLowerCase()}[${name}]`);
        if (name === 'href' && !/^(https?|mailto):/i.test(value)) found.push(`href=${value}`);
      }
      if (node.tagName === 'BUTTON' && !node.classList.contains('copy-code')) found.push('foreign <button>');
      const position = getComputedStyle(node).position;
      if (position === 'fixed' || position === 'absolute')
        found.push(`${node.tagName.toLowerCase()} ${position}`);
    }
    return found;
  }, UNSAFE);
}

/** The app is still there and usable: nothing covers the composer, the header is visible. */
async function expectUsable(page: Page): Promise<void> {
  const app = ui(page);
  await expect(app.input).toBeVisible();
  const box = await app.input.boundingBox();
  if (!box) throw new Error('composer has no box');
  const onTop = await page.evaluate(
    ({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="composer-input"]') !== null,
    { x: box.x + box.width / 2, y: box.y + box.height / 2 },
  );
  expect(onTop, 'something covers the composer').toBe(true);
  expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');
}

test('hostile markdown and HTML from the model: nothing runs, nothing remote loads, the UI stays usable', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  const remote = await emulators.ollama({ origins: ['*'] }); // any other server the answer points at
  const answer = hostileMarkdown(remote.url);
  ollama.script({
    tokens: pieces(answer),
    tokenDelayMs: 3,
    reasoningTokens: pieces(
      '<script>window.__pwned="reasoning"</script><img src=x onerror=window.__pwned=1>',
    ),
  });
  await configureApp(page, { urls: { ollama: ollama.url } });
  // Every request the page makes goes to the app itself or to the configured server.
  const foreign: string[] = [];
  page.context().on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${APP_ORIGIN}/`) && !url.startsWith(`${ollama.url}/`)) foreign.push(url);
  });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openApp(page, 'llama3.2:latest');
  const startUrl = page.url();

  await sendMessage(page, 'Be hostile.');
  // While it streams: inert at every step that is checked.
  const live = ui(page).liveAnswer;
  await expect(live).toContainText('Hostile');
  expect(await unsafeParts(live)).toEqual([]);

  const done = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect(done).toContainText('Last line.');
  const check = async (): Promise<void> => {
    expect(await unsafeParts(done)).toEqual([]);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await expectUsable(page);
  };
  await check();
  // The reasoning is shown as text, not markup.
  await done.locator('.reasoning summary').click();
  await expect(done.locator('.reasoning .body')).toBeVisible();
  await expect(done.locator('.reasoning .body')).toContainText('<script>window.__pwned="reasoning"</script>');
  // Clicking what were javascript: links does nothing.
  await done.getByText('markdown js').click();
  await done.getByText('entity js').click();
  expect(page.url()).toBe(startUrl);
  await check();
  await screenshot(page, 'security-hostile-inert');

  await page.reload();
  await expect(done).toContainText('Last line.');
  await check();

  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
  expect(remote.requests).toEqual([]);
});

test('hostile model names and server errors are shown as text', async ({ page, emulators }) => {
  const name = '<img src=x onerror="window.__pwned=1">';
  const ollama = await emulators.ollama({
    models: [
      {
        name,
        family: 'x',
        parameterSize: '1B',
        quantization: 'Q4',
        sizeBytes: 1,
        capabilities: ['completion'],
      },
    ],
  });
  ollama.script({
    httpError: {
      status: 500,
      body: { error: '<b onmouseover="window.__pwned=2">bold</b><script>window.__pwned=3</script>' },
    },
  });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, name);
  await sendMessage(page, 'Hi');
  const alert = page.locator('article[data-status="failed"]').getByRole('alert');
  await expect(alert).toContainText('<b onmouseover="window.__pwned=2">bold</b>');
  await alert.hover();
  expect(await page.locator('main').locator('img, b, script').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
});
