/**
 * Fewer paint layers per formula. KaTeX stacks the rows of each vertical list (fractions, scripts, roots,
 * accents…) as zero-height blocks moved into place with `position: relative; top: …`, and Chromium gives every
 * relatively positioned box a paint layer of its own: hundreds per formula-heavy answer, each painted, pre-painted
 * and hit-tested on every frame while an answer streams. Zero-height blocks can be placed with margins instead:
 * row i at offset top(i) needs `margin-top: top(i) − top(i−1)` (adjacent margins of rows with content do not
 * collapse into each other's place, and the list's table cell starts a new formatting context), and the list's
 * content still ends at 0 so the cell lines up as before. This pass rewrites KaTeX's build tree that way before
 * it becomes markup (and unpositions each base that holds nothing placed against it), wherever no absolutely positioned box (an SVG, a `\rlap` inner) would lose the row or list
 * it is placed against. Geometry is unchanged: tests compare every box with KaTeX's own layout in Chromium.
 * What does change is paint order: an unpositioned row paints with its list's flow content, not on top of it, so
 * where boxes overlap (a `\colorbox` drawn over a neighbour by a negative kern) the later box no longer covers
 * the earlier one. Formulas do not rely on that; we accept it.
 */

/** The parts of a node in KaTeX's build tree (`katex.__domTree`) this pass reads and changes. */
export interface BuildNode {
  classes?: string[];
  children?: BuildNode[];
  style?: Record<string, string | undefined>;
}

/** Added to a vertical list, its rows and a base so the formula stylesheet (math-flow.css) turns their positioning off. */
export const FLOW_CLASS = 'md-flow';

/** Boxes katex.css positions (relative or absolute): an absolutely positioned box inside is placed against them. */
const POSITIONED = new Set([
  'katex',
  'katex-html',
  'base',
  'vlist',
  'clap',
  'llap',
  'rlap',
  'rule',
  'delimcenter',
  'op-symbol',
  'accent-body',
  'stretchy',
  'hide-tail',
  'cd-vert-arrow',
]);
/** Boxes katex.css positions absolutely (besides every SVG). */
const ABSOLUTE = new Set([
  'katex-mathml',
  'inner',
  'halfarrow-left',
  'halfarrow-right',
  'brace-left',
  'brace-center',
  'brace-right',
  'cd-label-left',
  'cd-label-right',
  'tag',
]);

const EM = /^(-?\d+(?:\.\d+)?)em$/;

/**
 * Chromium rounds each margin to 1/64 px on its own, so a row's error grows with the rows above it (measured:
 * 0.06 px at 10 rows, 0.7 px at 80). Taller lists (a big matrix's columns) keep KaTeX's offsets.
 */
export const MAX_FLOW_ROWS = 8;

function hasClass(node: BuildNode, names: ReadonlySet<string>): boolean {
  return node.classes?.some((name) => names.has(name)) ?? false;
}

function em(value: number): string {
  return `${+value.toFixed(4)}em`;
}

/** Whether some absolutely positioned box under `node`'s children is placed against a box above `node`. */
function childrenLeak(node: BuildNode, isSvg: (node: BuildNode) => boolean): boolean {
  let leaks = false;
  for (const child of node.children ?? []) if (visit(child, isSvg)) leaks = true;
  return leaks;
}

/** Rewrites the lists under `node`; true when an absolutely positioned box escapes `node` upwards. */
function visit(node: BuildNode, isSvg: (node: BuildNode) => boolean): boolean {
  if (isSvg(node)) return true; // its own content is placed against itself
  if (hasClass(node, ABSOLUTE)) {
    childrenLeak(node, isSvg); // lists inside may still flow: whatever leaks from them stops at this box
    return true;
  }
  if (node.classes?.includes('vlist')) {
    flowList(node, isSvg);
    return false;
  }
  const leaks = childrenLeak(node, isSvg);
  // A base (a run of the formula between breaks) is positioned only to hold such boxes.
  if (node.classes?.includes('base') && !leaks && node.style?.top === undefined)
    node.classes.push(FLOW_CLASS);
  return hasClass(node, POSITIONED) ? false : leaks;
}

/**
 * Turns `list`'s rows from relative offsets into margins when that keeps every box in place. Returns whether it
 * did; either way the list is positioned or contains nothing that escapes, so nothing leaks past it.
 */
function flowList(list: BuildNode, isSvg: (node: BuildNode) => boolean): boolean {
  const rows = list.children ?? [];
  let rowsHoldPlacedBoxes = false;
  for (const row of rows) if (childrenLeak(row, isSvg)) rowsHoldPlacedBoxes = true;
  if (rowsHoldPlacedBoxes || rows.length === 0 || rows.length > MAX_FLOW_ROWS) return false;
  // A list's depth strut: rows that are not moved at all need no positioning either.
  if (rows.every((row) => row.style?.top === undefined)) {
    for (const row of rows) (row.classes ??= []).push(FLOW_CLASS);
    (list.classes ??= []).push(FLOW_CLASS);
    return true;
  }
  const tops: number[] = [];
  for (const row of rows) {
    const match = EM.exec(row.style?.top ?? '');
    if (!match || row.style?.marginTop !== undefined || row.style?.marginBottom !== undefined) return false;
    tops.push(Number(match[1]));
  }
  let previous = 0;
  rows.forEach((row, index) => {
    const style = row.style as Record<string, string | undefined>;
    const top = tops[index] ?? 0;
    delete style.top;
    style.marginTop = em(top - previous);
    (row.classes ??= []).push(FLOW_CLASS);
    previous = top;
  });
  // The list's content must still end at 0 (it did: every row is zero high), or the cell would grow.
  const last = rows[rows.length - 1];
  if (previous > 0 && last?.style) last.style.marginBottom = em(-previous);
  (list.classes ??= []).push(FLOW_CLASS);
  return true;
}

/** Rewrites every vertical list in KaTeX's build tree `root` (in place) to be placed by margins where it can. */
export function flowVerticalLists(root: BuildNode, isSvg: (node: BuildNode) => boolean): void {
  visit(root, isSvg);
}
