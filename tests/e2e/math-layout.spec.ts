/**
 * Brook places KaTeX's vertical lists with margins instead of relatively positioned rows
 * (src/lib/markdown/math-flow.ts: one paint layer per row is what made math answers slow to paint).
 * In Chromium, with KaTeX's own stylesheet and fonts, every box of every formula below must land
 * exactly where KaTeX's unchanged markup puts it, while far fewer boxes are positioned.
 */
import { expect, test, type Page } from '@playwright/test';
import katex from 'katex';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { katexBuildTree } from '../../src/lib/markdown/katex-build-tree';
import { flowVerticalLists } from '../../src/lib/markdown/math-flow';

const KATEX_DIST = join(process.cwd(), 'node_modules/katex/dist');
const FLOW_CSS = readFileSync(join(process.cwd(), 'src/lib/markdown/math-flow.css'), 'utf8');
const ORIGIN = 'http://katex-layout.test';

/** Formulas that exercise every kind of vertical list, stretchy SVG and overlapping box KaTeX builds. */
const FORMULAS: { tex: string; display: boolean }[] = [
  { tex: 'x^2 + y_i^{n+1} - z_{j,k}^{\\prime 2}', display: false },
  { tex: '\\frac{a+b}{c} = \\dfrac{1}{1+\\frac{1}{x}}', display: false },
  { tex: '\\sqrt{x^2+1} + \\sqrt[3]{\\frac{a}{b}}', display: false },
  { tex: '\\sum_{k=1}^{n} k^2 = \\frac{n(n+1)(2n+1)}{6}', display: true },
  { tex: '\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}', display: true },
  { tex: '\\lim_{h \\to 0} \\frac{f(x+h)-f(x)}{h}', display: true },
  { tex: '\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}^{-1}', display: true },
  { tex: 'f(x) = \\begin{cases} x^2 & x \\ge 0 \\\\ -x & x < 0 \\end{cases}', display: true },
  { tex: '\\begin{aligned} a &= b + c \\\\ &= d \\end{aligned}', display: true },
  { tex: '\\overbrace{a+b+c}^{3} + \\underbrace{x+y}_{2}', display: true },
  { tex: '\\vec{v} + \\hat{x} + \\widehat{abc} + \\overrightarrow{AB} + \\bar{z}', display: false },
  { tex: 'A \\xrightarrow[below]{above} B \\xleftarrow{} C', display: true },
  { tex: '\\cancel{x} + \\bcancel{y} + \\sout{z} + \\boxed{E=mc^2}', display: false },
  {
    tex: '\\binom{n}{k} + \\tbinom{a}{b} + \\stackrel{!}{=} + \\overset{def}{=} \\underset{x}{\\max}',
    display: false,
  },
  { tex: '\\left( \\frac{\\left[ x \\right]}{\\left\\{ y \\right\\}} \\right)^{2}', display: true },
  { tex: '\\mathllap{/}= \\; \\mathrlap{x}y \\; \\not= \\; a \\mathclap{b} c', display: false },
  { tex: 'E = mc^2 \\tag{1}', display: true },
  { tex: '\\colorbox{yellow}{$x^2$} + \\color{red}{y_1} + \\fcolorbox{blue}{white}{z}', display: false },
  { tex: '\\overline{x+y} + \\underline{a} + \\overleftrightarrow{AB} + \\utilde{x}', display: false },
  { tex: '\\iint_D f \\, dA + \\oint_C \\vec F \\cdot d\\vec r + \\prod_{i} x_i', display: true },
  { tex: '\\begin{array}{c|c} 1 & 2 \\\\ \\hline 3 & 4 \\end{array}', display: true },
  {
    tex: '\\nabla \\times \\mathbf{B} = \\mu_0 \\mathbf{J} + \\mu_0 \\varepsilon_0 \\frac{\\partial \\mathbf{E}}{\\partial t}',
    display: true,
  },
  {
    tex: 'a_{b_{c_{d}}}^{e^{f^{g}}} + {}_{n}C_{k} + x\\raisebox{0.5em}{up} + \\smash{\\frac{1}{2}}',
    display: false,
  },
  // Taller than MAX_FLOW_ROWS: its columns keep KaTeX's offsets (rounded margins would add up to 0.7 px at 80 rows).
  {
    tex: '\\begin{matrix} 1 \\\\ 2 \\\\ 3 \\\\ 4 \\\\ 5 \\\\ 6 \\\\ 7 \\\\ 8 \\\\ 9 \\\\ 10 \\\\ 11 \\\\ 12 \\end{matrix} + \\begin{matrix} a \\\\ b \\\\ c \\\\ d \\\\ e \\\\ f \\\\ g \\end{matrix}',
    display: true,
  },
  { tex: '\\mathrlap{\\frac{a}{b}} \\quad \\mathllap{\\sqrt{x_1}}', display: false },
];

const OPTIONS = { throwOnError: false, trust: false, strict: 'ignore', output: 'htmlAndMathml' } as const;

const buildTree = katexBuildTree(katex);

function flowedMarkup(tex: string, display: boolean): string {
  const tree = buildTree.render(tex, { ...OPTIONS, displayMode: display });
  flowVerticalLists(tree, buildTree.isSvg);
  return tree.toMarkup();
}

/** KaTeX's markup and Brook's side by side, with KaTeX's stylesheet and fonts served from node_modules. */
async function openComparison(page: Page): Promise<void> {
  const cell = (html: string, id: string) => `<div class="f" id="${id}">${html}</div>`;
  const body = FORMULAS.map(
    ({ tex, display }, index) =>
      cell(katex.renderToString(tex, { ...OPTIONS, displayMode: display }), `katex-${index}`) +
      cell(flowedMarkup(tex, display), `flow-${index}`),
  ).join('');
  const html = `<!doctype html><html><head><link rel="stylesheet" href="/katex.min.css"><style>${FLOW_CSS}
    body { font-size: 20px; width: 900px; } .f { padding: 8px; }</style></head><body>${body}</body></html>`;
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: html });
    return route.fulfill({ path: join(KATEX_DIST, path) });
  });
  await page.goto(`${ORIGIN}/`);
  await page.evaluate(() => document.fonts.ready);
}

interface Boxes {
  rects: number[][];
  positioned: number;
}

async function boxes(page: Page, id: string): Promise<Boxes> {
  return page.evaluate((id) => {
    const root = document.getElementById(id);
    if (!root) throw new Error(`no ${id}`);
    const origin = root.getBoundingClientRect();
    const elements = [...root.querySelectorAll('.katex-html, .katex-html *')];
    return {
      rects: elements.map((element) => {
        const rect = element.getBoundingClientRect();
        return [rect.x - origin.x, rect.y - origin.y, rect.width, rect.height];
      }),
      positioned: elements.filter((element) => getComputedStyle(element).position !== 'static').length,
    };
  }, id);
}

test('formulas placed by margins land where KaTeX puts them, with far fewer positioned boxes', async ({
  page,
}) => {
  await openComparison(page);
  let positionedBefore = 0;
  let positionedAfter = 0;
  for (const [index, { tex }] of FORMULAS.entries()) {
    const original = await boxes(page, `katex-${index}`);
    const flowed = await boxes(page, `flow-${index}`);
    expect(flowed.rects.length, tex).toBe(original.rects.length);
    expect(original.rects.length, tex).toBeGreaterThan(0);
    for (const [box, rect] of original.rects.entries()) {
      const moved = rect.map((value, axis) => Math.abs(value - (flowed.rects[box]?.[axis] ?? Number.NaN)));
      expect(Math.max(...moved), `${tex}: box ${box} at ${rect.join(', ')}`).toBeLessThan(0.05);
    }
    positionedBefore += original.positioned;
    positionedAfter += flowed.positioned;
  }
  // Most positioned boxes were vertical-list rows and bases; what stays are SVGs, laps, delimiters and the like.
  expect(positionedAfter).toBeLessThan(positionedBefore / 3);
});
