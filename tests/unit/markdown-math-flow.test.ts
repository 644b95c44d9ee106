// KaTeX's vertical lists placed by margins (src/lib/markdown/math-flow.ts): which lists are rewritten and how.
// That the geometry is unchanged is checked in Chromium (tests/e2e/math-layout.spec.ts).
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { katexBuildTree } from '../../src/lib/markdown/katex-build-tree';
import { FLOW_CLASS, flowVerticalLists, type BuildNode } from '../../src/lib/markdown/math-flow';

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

  it('unpositions bases that hold nothing placed against them, and no other box', () => {
    const markup = flowed('x^2 + \\sqrt{y} \\mathrlap{z}').toMarkup();
    expect(markup).toMatch(/class="base md-flow"/);
    expect(markup).not.toMatch(/class="[^"]*(?:hide-tail|rlap)[^"]*md-flow/);
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
