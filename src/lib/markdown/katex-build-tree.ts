import type { BuildNode } from './math-flow';

/**
 * KaTeX's build tree, which `renderToString` turns into markup: exported by its bundle (`__`-prefixed, for
 * custom output) but not in its types. Takes the KaTeX module so this file does not import it (the math
 * chunk and the tests each bring their own).
 */
export interface KatexBuildTree {
  render(tex: string, options: object): BuildNode & { toMarkup(): string };
  isSvg(node: BuildNode): boolean;
}

interface KatexInternals {
  __renderToDomTree(tex: string, options: object): BuildNode & { toMarkup(): string };
  __domTree: { SvgNode: abstract new (...args: never[]) => unknown };
}

export function katexBuildTree(katex: object): KatexBuildTree {
  const internals = katex as KatexInternals;
  return {
    render: (tex, options) => internals.__renderToDomTree(tex, options),
    isSvg: (node) => node instanceof internals.__domTree.SvgNode,
  };
}
