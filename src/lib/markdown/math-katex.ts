// The math chunk: KaTeX with its stylesheet and fonts, bundled by Vite and loaded with the first formula.
import katex from 'katex';
import 'katex/dist/katex.min.css';
import './math-flow.css';
import { escapeHtml } from './escape-html';
import { katexBuildTree } from './katex-build-tree';
import { flowVerticalLists } from './math-flow';
import { renameStyleAttributes } from './math-styles';

/**
 * Options for model output: no `\href`, `\includegraphics` or `\html…` (trust off), macro expansion and sizes
 * bounded (a hostile formula cannot hang the page or cover it), errors shown in place with KaTeX's message
 * instead of thrown.
 */
const OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  output: 'htmlAndMathml',
  maxSize: 20,
  maxExpand: 300,
  errorColor: '#c42b32',
} as const;

const buildTree = katexBuildTree(katex);

/** HTML (for the eye) and MathML (for screen readers, and the source for copying) of one formula. */
export function renderFormula(tex: string, display: boolean): string {
  try {
    const tree = buildTree.render(tex, { ...OPTIONS, displayMode: display });
    flowVerticalLists(tree, buildTree.isSvg);
    return renameStyleAttributes(tree.toMarkup());
  } catch (error) {
    // Not a parse error (those are rendered): still never break the answer.
    const message = error instanceof Error ? error.message : String(error);
    return `<span class="katex-error" title="${escapeHtml(message)}">${escapeHtml(tex)}</span>`;
  }
}
