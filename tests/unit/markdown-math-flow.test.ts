// KaTeX's vertical lists placed by margins (src/lib/markdown/math-flow.ts): which lists are rewritten and how.
// That the geometry is unchanged is checked in Chromium (tests/e2e/math-layout.spec.ts).
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { katexBuildTree } from '../../src/lib/markdown/katex-build-tree';
import {
  FLOW_CLASS,
  flowVerticalLists,
  MAX_FLOW_ROWS,
  type BuildNode,
} from '../../src/lib/markdown/math-flow';

const buildTree = katexBuildTree(katex);
const isSvg = buildTree.isSvg;

function flowed(tex: string): BuildNode & { toMarkup(): string } {
  const tree = buildTree.render(tex, { output: 'htmlAndMathml', throwOnError: false });
  flowVerticalLists(tree, isSvg);
  return tree;
}

function* nodes(node: BuildNode): Generator<BuildNode> {
  yield node;
  for (const child of node.children ?? []) yield* nodes(child);
}

const rowsOf = (tree: BuildNode) =>
  [...nodes(tree)].filter((node) => node.classes?.includes('vlist')).flatMap((list) => list.children ?? []);

describe('flowVerticalLists', () => {
  it('places the rows of a fraction by margins, each the difference of the offsets KaTeX gave', () => {
    const tex = '\\frac{a+b}{c}';
    const original = buildTree.render(tex, { output: 'htmlAndMathml' });
    const tops = rowsOf(original).flatMap((row) => (row.style?.top ? [parseFloat(row.style.top)] : []));
    expect(tops.length).toBeGreaterThanOrEqual(3); // denominator, line, numerator
    const rows = rowsOf(flowed(tex)).filter((row) => row.style?.marginTop !== undefined);
    expect(rows).toHaveLength(tops.length);
    let position = 0;
    rows.forEach((row, index) => {
      expect(row.style?.top).toBeUndefined();
      expect(row.classes).toContain(FLOW_CLASS);
      position += parseFloat(row.style?.marginTop ?? 'NaN');
      expect(position).toBeCloseTo(tops[index] ?? Number.NaN, 3);
    });
    expect(flowed(tex).toMarkup()).not.toMatch(/[";]top:/);
  });

  it('leaves a list positioned when an SVG inside one of its rows is placed against that row', () => {
    const tree = flowed('\\cancel{x}'); // its stroke is an SVG placed against the row itself
    const svgRow = rowsOf(tree).find(
      (row) => [...nodes(row)].some(isSvg) && !row.classes?.includes(FLOW_CLASS),
    );
    expect(svgRow?.style?.top).toMatch(/em$/);
  });

  it('unpositions bases that hold nothing placed against them, and keeps the ones that do', () => {
    expect(flowed('x^2 + \\sqrt{y} + \\cancel{x}').toMarkup()).toMatch(/class="base md-flow"/);
    const holder: BuildNode = {
      classes: ['base'],
      style: {},
      children: [{ classes: ['inner'], children: [] }],
    };
    const plain: BuildNode = {
      classes: ['base'],
      style: {},
      children: [{ classes: ['mord'], children: [] }],
    };
    flowVerticalLists({ classes: ['katex-html'], children: [holder, plain] }, () => false);
    expect(holder.classes).not.toContain(FLOW_CLASS);
    expect(plain.classes).toContain(FLOW_CLASS);
  });

  it('flows the lists inside an absolutely placed box (a lap) and leaves the box itself alone', () => {
    const tree = flowed('\\mathrlap{\\frac{a}{b}}');
    const inner = [...nodes(tree)].find((node) => node.classes?.includes('inner'));
    expect(inner?.classes).not.toContain(FLOW_CLASS);
    const lists = [...nodes(inner ?? {})].filter((node) => node.classes?.includes('vlist'));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.some((list) => list.classes?.includes(FLOW_CLASS))).toBe(true);
  });

  const row = (top?: string): BuildNode => ({
    classes: [],
    style: top === undefined ? {} : { top },
    children: [],
  });
  const list = (rows: BuildNode[]): BuildNode => ({ classes: ['vlist'], style: {}, children: rows });
  const noSvg = () => false;

  it('keeps the offsets of a list taller than MAX_FLOW_ROWS, where rounded margins would add up', () => {
    const rows = Array.from({ length: MAX_FLOW_ROWS + 1 }, (_, index) => row(`${-index - 1}em`));
    const tall = list(rows);
    flowVerticalLists(tall, noSvg);
    expect(tall.classes).not.toContain(FLOW_CLASS);
    expect(rows.map((each) => each.style?.top)).toEqual(rows.map((_, index) => `${-index - 1}em`));
    const short = list(rows.slice(0, MAX_FLOW_ROWS).map((each) => row(each.style?.top)));
    flowVerticalLists(short, noSvg);
    expect(short.classes).toContain(FLOW_CLASS);
  });

  it('leaves a list alone when one of its moved rows has an offset it cannot read', () => {
    const rows = [row('-1em'), row('calc(1px)'), row('-3em')];
    const mixed = list(rows);
    flowVerticalLists(mixed, noSvg);
    expect(mixed.classes).not.toContain(FLOW_CLASS);
    expect(rows.map((each) => each.style?.marginTop)).toEqual([undefined, undefined, undefined]);
  });

  it('unpositions a depth strut (rows never moved) without adding margins', () => {
    const rows = [row(), row()];
    const strut = list(rows);
    flowVerticalLists(strut, noSvg);
    expect(strut.classes).toContain(FLOW_CLASS);
    for (const each of rows) {
      expect(each.classes).toContain(FLOW_CLASS);
      expect(each.style).toEqual({});
    }
  });

  it('ends the content at 0 with a negative bottom margin when the last row sits below the baseline', () => {
    const rows = [row('-1em'), row('0.5em')];
    const low = list(rows);
    flowVerticalLists(low, noSvg);
    expect(rows.map((each) => each.style?.marginTop)).toEqual(['-1em', '1.5em']);
    expect(rows[1]?.style?.marginBottom).toBe('-0.5em');
    expect(rows[0]?.style?.marginBottom).toBeUndefined();
  });

  it('changes nothing in an error or in the MathML', () => {
    expect(flowed('\\frac{').toMarkup()).toBe(
      buildTree.render('\\frac{', { output: 'htmlAndMathml', throwOnError: false }).toMarkup(),
    );
    const mathml = (markup: string) => markup.slice(markup.indexOf('<math'), markup.indexOf('</math>'));
    const tex = '\\sum_{k=1}^n \\frac{1}{k^2}';
    expect(mathml(flowed(tex).toMarkup())).toBe(
      mathml(katex.renderToString(tex, { output: 'htmlAndMathml' })),
    );
  });
});
