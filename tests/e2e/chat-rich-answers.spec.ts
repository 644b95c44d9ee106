/**
 * Richer answers in the built app, under its CSP: math typeset by KaTeX (served by Brook, loaded on
 * first use) once each formula is complete, prices and shell variables left alone, the LaTeX source
 * copied; a `<think>` block split across network reads becomes the reasoning; hostile formulas stay
 * inert.
 */
import type { Page } from '@playwright/test';
import { APP_PORT } from '../../playwright.config';
import { configureApp, expect, openApp, screenshot, sendMessage, test, ui, type Emulators } from './fixtures';

const APP_ORIGIN = `http://127.0.0.1:${APP_PORT}`;

/** Collects CSP violations and requests to anything but the app and the emulator. */
async function watchPage(page: Page, allowedOrigins: string[]): Promise<() => Promise<string[]>> {
  const stray: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!allowedOrigins.includes(url.origin) && url.protocol !== 'data:' && url.protocol !== 'blob:') {
      stray.push(request.url());
    }
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as { __violations?: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  return async () => [
    ...stray,
    ...(await page.evaluate(() => [...((window as { __violations?: string[] }).__violations ?? [])])),
  ];
}

/** The app on a fresh Ollama emulator, watched from the first moment (see `watchPage`). */
async function openWatched(page: Page, emulators: Pick<Emulators, 'ollama'>) {
  const ollama = await emulators.ollama();
  const problems = await watchPage(page, [new URL(ollama.url).origin, APP_ORIGIN]);
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  return { ollama, problems };
}

/** Stops the answer being written and waits until it has stopped. */
async function stopAnswer(page: Page): Promise<void> {
  await ui(page).stop.click();
  await expect(ui(page).lastAnswer).not.toHaveAttribute('data-status', 'streaming');
}

const ANSWER_TOKENS = [
  '<thi',
  'nk>Euler, then ',
  'an integral.</th',
  'ink>\n\n',
  'Euler: $e^{i\\pi',
  '}+1=0$, prices $5 and $10.\n\n',
  '$$\n\\int_0^1 x\\,dx',
  ' = \\frac{1}{2}\n$$\n\n',
  'Shell: `echo $HOME` and $PATH stay.\n',
];

test('math streams as source, is typeset once complete, and copies as LaTeX; <think> split across reads is the reasoning', async ({
  page,
  context,
  emulators,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { ollama, problems } = await openWatched(page, emulators);

  // Held after the open formula: it shows as its source, not typeset and not lost.
  ollama.script({ tokens: ANSWER_TOKENS, stallAfterTokens: 5 });
  await sendMessage(page, 'Some math?');
  const live = ui(page).liveAnswer;
  await expect(live.getByTestId('answer-body')).toContainText('Euler: $e^{i\\pi');
  await expect(live.locator('.katex')).toHaveCount(0);
  await expect(live.locator('details.reasoning')).toContainText('Euler, then an integral.');
  await stopAnswer(page);

  ollama.script({ tokens: ANSWER_TOKENS, tokenDelayMs: 20 });
  await sendMessage(page, 'Again, whole.');
  const answer = ui(page).lastAnswer;
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const body = answer.getByTestId('answer-body');
  await expect(body.locator('.katex')).toHaveCount(2);
  await expect(body.locator('.katex-display')).toHaveCount(1);
  await expect(body).toContainText('prices $5 and $10.');
  await expect(body.locator('code')).toHaveText('echo $HOME');
  await expect(body).toContainText('and $PATH stay.');
  await expect(body).not.toContainText('<think>');
  await expect(answer.locator('details.reasoning')).toContainText('Euler, then an integral.');
  // MathML for screen readers, with the LaTeX source.
  await expect(body.locator('math annotation').first()).toHaveText('e^{i\\pi}+1=0');

  // KaTeX's layout applies under the CSP (its styles became classes) and its fonts come from Brook.
  const layout = await body.locator('.katex-display .katex-html').evaluate((element) => {
    const strut = element.querySelector('.strut') as HTMLElement;
    return { strutHeight: strut.getBoundingClientRect().height, font: getComputedStyle(element).fontFamily };
  });
  expect(layout.strutHeight).toBeGreaterThan(10);
  expect(layout.font).toContain('KaTeX_Main');
  await expect
    .poll(() => page.evaluate(() => document.fonts.check('20px KaTeX_Main') && document.fonts.status))
    .toBe('loaded');
  const fontUrls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => /KaTeX_.*\.woff2$/.test(name)),
  );
  expect(fontUrls.length).toBeGreaterThan(0);
  for (const url of fontUrls) expect(new URL(url).origin).toBe(APP_ORIGIN);

  // Selecting the paragraph with the inline formula copies its LaTeX source.
  await body.locator('p', { hasText: 'Euler:' }).evaluate((paragraph) => {
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand('copy');
  });
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    'Euler: $e^{i\\pi}+1=0$, prices $5 and $10.',
  );
  // The answer's copy button gives the markdown source, formulas and all.
  await answer.getByRole('button', { name: 'Copy answer' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
    '$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$',
  );
  expect(await problems()).toEqual([]);
});

test('hostile formulas are inert: no link, no load, no style, nothing covering the page', async ({
  page,
  emulators,
}) => {
  const { ollama, problems } = await openWatched(page, emulators);
  const tracker = `${ollama.url}/track.png`;
  ollama.script({
    tokens: [
      `Link $\\href{javascript:alert(1)}{click}$ image $\\includegraphics{${tracker}}$ `,
      'class $\\htmlClass{modal btn}{x}$ style $\\htmlStyle{position:fixed;inset:0}{x}$ ',
      'huge $\\rule{100000em}{100000em}$ bomb $\\def\\a{\\a\\a}\\a$ ',
      'colour $\\color{url(https://evil.example/x)}{y}$ tags $<img src=x onerror=alert(1)>$.\n',
    ],
  });
  await sendMessage(page, 'Hostile math');
  const answer = ui(page).lastAnswer;
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const body = answer.getByTestId('answer-body');
  await expect(body.locator('.katex').first()).toBeVisible();
  await expect(body.locator('a, img, [style], .modal, .btn, script')).toHaveCount(0);
  // The rule is capped (KaTeX maxSize) and the answer scrolls it: nothing reaches over the page.
  const bodyWidth = await body.evaluate((element) => element.getBoundingClientRect().width);
  expect(bodyWidth).toBeLessThanOrEqual(page.viewportSize()!.width);
  const composerUncovered = await ui(page).input.evaluate((input) => {
    const box = input.getBoundingClientRect();
    return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === input;
  });
  expect(composerUncovered).toBe(true);
  await expect(ui(page).input).toBeEditable();
  expect(ollama.requests.map((request) => request.path)).not.toContain('/track.png');
  expect(await problems()).toEqual([]);
});

const FLOWCHART = [
  '```mer',
  'maid\nflowchart TD\n',
  '  A[Start] --> B{Ready?}\n',
  '  B -->|yes| C[Go]\n',
  '```\n',
  '\nDone.\n',
];

test('a Mermaid diagram is drawn when its fence closes, shown as an image with its source one toggle away', async ({
  page,
  emulators,
}) => {
  const { ollama, problems } = await openWatched(page, emulators);

  // Held with the fence still open: the source streams as code, nothing is drawn yet.
  ollama.script({ tokens: FLOWCHART, stallAfterTokens: 3 });
  await sendMessage(page, 'A diagram?');
  const live = ui(page).liveAnswer;
  await expect(live.locator('code.language-mermaid')).toContainText('A[Start] --> B{Ready?}');
  await expect(live.locator('img')).toHaveCount(0);
  await stopAnswer(page);

  ollama.script({ tokens: FLOWCHART, tokenDelayMs: 20 });
  await sendMessage(page, 'Whole, please.');
  const answer = ui(page).lastAnswer;
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const image = answer.locator('img.md-diagram-image');
  await expect(image).toBeVisible();
  expect(await image.getAttribute('src')).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(50);
  const source = answer.locator('.md-diagram pre');
  await expect(source).toBeHidden();
  await answer.getByRole('button', { name: 'Source' }).click();
  await expect(source).toBeVisible();
  await expect(source).toContainText('flowchart TD');
  await expect(image).toBeHidden();
  await answer.getByRole('button', { name: 'Diagram' }).click();
  await expect(image).toBeVisible();
  await expect(answer.getByTestId('answer-body')).toContainText('Done.');
  // Drawn in the sandboxed frame: an opaque origin, so none of the app's storage is in reach.
  const frame = page.frames().find((f) => f.url().endsWith('/diagram.html'));
  expect(frame).toBeDefined();
  expect(await frame!.evaluate(() => self.origin)).toBe('null');
  expect(await problems()).toEqual([]);
});

test('an invalid diagram shows its source and the parser message; hostile diagrams act on nothing', async ({
  page,
  emulators,
}) => {
  const { ollama, problems } = await openWatched(page, emulators);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const tracker = `${ollama.url}/track.png`;
  ollama.script({
    tokens: [
      '```mermaid\nflowchart TD\n  A --> B -->\n```\n\n',
      '```mermaid\n%%{init: {"securityLevel": "loose", "startOnLoad": true}}%%\nflowchart LR\n',
      `  A["<img src=${tracker} onerror=alert(1)>"] --> B["<script>alert(2)</script>"]\n`,
      '  click A href "javascript:alert(3)"\n  click B call alert(4)\n',
      '  style A fill:#f00,stroke:#00f\n',
      '```\n\n',
      '```mermaid\nsequenceDiagram\n  Alice->>Bob: <a href="javascript:alert(5)">hi</a>\n```\n',
    ],
  });
  await sendMessage(page, 'Diagrams');
  const answer = ui(page).lastAnswer;
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const blocks = answer.locator('.md-diagram');
  await expect(blocks).toHaveCount(3);
  const invalid = blocks.nth(0);
  await expect(invalid.locator('.md-diagram-error')).toContainText('Mermaid could not draw this diagram:');
  await expect(invalid.locator('.md-diagram-error')).toContainText(/Parse error|Expecting/);
  await expect(invalid.locator('pre')).toBeVisible();
  await expect(invalid.locator('pre')).toContainText('A --> B -->');
  // The hostile ones are drawn, as images: nothing in them can run, follow a link or load.
  for (const index of [1, 2]) await expect(blocks.nth(index).locator('img.md-diagram-image')).toBeVisible();
  await expect(
    answer
      .getByTestId('answer-body')
      .locator('svg, script, iframe, a[href^="javascript"], [onclick], [onerror]'),
  ).toHaveCount(0);
  await blocks.nth(1).locator('img').click();
  await expect(ui(page).input).toBeEditable();
  expect(dialogs).toEqual([]);
  expect(ollama.requests.map((request) => request.path)).not.toContain('/track.png');
  expect(await problems()).toEqual([]);
});

/** One answer with everything: reasoning split across reads, inline and display math, a diagram, a table. */
const RICH_TOKENS = [
  '<thi',
  'nk>Derive it by completing the square, then show the steps as a chart.</th',
  'ink>\n\n',
  'For $ax^2 + bx',
  ' + c = 0$ with $a \\neq 0$, completing the square gives\n\n',
  '$$\nx = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}',
  '{2a}\n$$\n\n',
  'The discriminant $\\Delta = b^2 - 4ac$ says how many real roots there are:\n\n',
  '```mermaid\nflowchart LR\n',
  '  D{"Δ = b² − 4ac"} -->|positive| T[Two real roots]\n',
  '  D -->|zero| O[One double root]\n',
  '  D -->|negative| C[Two complex roots]\n',
  '```\n\n',
  '| $\\Delta$ | roots |\n|---|---|\n| $9$ | $x = 1$, $x = -2$ |\n',
];

test('one streamed answer with reasoning split across reads, inline and display math and a diagram renders whole', async ({
  page,
  emulators,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const { ollama, problems } = await openWatched(page, emulators);
  ollama.script({ tokens: RICH_TOKENS, tokenDelayMs: 15 });
  await sendMessage(page, 'Explain the quadratic formula.');
  const answer = ui(page).lastAnswer;
  await expect(answer).toHaveAttribute('data-status', 'complete');
  const body = answer.getByTestId('answer-body');
  await expect(answer.locator('details.reasoning')).toContainText('completing the square, then show');
  await expect(body).not.toContainText('<think>');
  await expect(body).not.toContainText('completing the square, then show');
  await expect(body.locator('.katex-display')).toHaveCount(1);
  await expect(body.locator('.katex')).toHaveCount(8);
  await expect(body.locator('.katex-error')).toHaveCount(0);
  await expect(body.locator('table .katex')).toHaveCount(4);
  const image = answer.locator('img.md-diagram-image');
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(50);
  await screenshot(page, '19-rich-answer');
  expect(await problems()).toEqual([]);
});
