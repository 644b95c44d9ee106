import { renderTokensTracked } from './html-renderer';
import { emptyLinks, lexMarkdown, newLabels, type LinkDefinitions } from './lex';
import type { MarkdownBlock } from './types';

interface FinishedBlock {
  view: MarkdownBlock;
  /** Its source, to render it again if a later link definition resolves one of its `misses`. */
  raw: string;
  /** Link labels it looked up and did not find. */
  misses: Set<string>;
  /** It has code that was rendered plain because the highlighter had not loaded yet. */
  waitedForHighlighter: boolean;
}

/**
 * The finished blocks of an answer and the link definitions they hold. Each block is lexed on its own, knowing
 * the definitions before it; a definition that arrives later re-renders the blocks that missed its label, so
 * the result matches a whole-document parse (where any definition applies everywhere).
 */
export class FinishedBlocks {
  readonly #makeView: (html: string) => MarkdownBlock;
  #blocks: FinishedBlock[] = [];
  #links = emptyLinks();

  /** `makeView` sanitizes rendered HTML and gives it a fresh key. */
  constructor(makeView: (html: string) => MarkdownBlock) {
    this.#makeView = makeView;
  }

  /** Definitions known so far, for lexing the tail. */
  get links(): LinkDefinitions {
    return this.#links;
  }

  get views(): MarkdownBlock[] {
    return this.#blocks.map((block) => block.view);
  }

  /** Lexes, renders (highlighted) and keeps `source` as the next finished block. */
  append(source: string): void {
    const block: FinishedBlock = {
      view: { key: '', html: '' },
      raw: source,
      misses: new Set(),
      waitedForHighlighter: false,
    };
    const links = this.#render(block);
    const added = newLabels(this.#links, links);
    for (const label of added) this.#links[label] = links[label]!;
    if (added.length > 0) this.#renderAgain((other) => added.some((label) => other.misses.has(label)));
    this.#blocks.push(block);
  }

  /** Renders the blocks whose code waited for the highlighter again; true if there were any. */
  highlightWaitingBlocks(): boolean {
    return this.#renderAgain((block) => block.waitedForHighlighter);
  }

  clear(): void {
    this.#blocks = [];
    this.#links = emptyLinks();
  }

  #renderAgain(needed: (block: FinishedBlock) => boolean): boolean {
    let any = false;
    for (const block of this.#blocks) {
      if (!needed(block)) continue;
      this.#render(block);
      any = true;
    }
    return any;
  }

  /** (Re)renders `block` from its source with the definitions known now; returns the definitions after it. */
  #render(block: FinishedBlock): LinkDefinitions {
    block.misses = new Set();
    const tokens = lexMarkdown(block.raw, this.#links, block.misses);
    const rendered = renderTokensTracked(tokens, { highlight: true });
    block.view = this.#makeView(rendered.html);
    block.waitedForHighlighter = rendered.waitedForHighlighter;
    return tokens.links;
  }
}
