import { renderTokensTracked } from './html-renderer';
import { emptyLinks, lexMarkdown, newLabels, type LinkDefinitions } from './lex';
import type { MarkdownBlock } from './types';
import type { WorkBudget } from './work-budget';

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
  #waitingForHighlighter = 0;

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

  /** How many blocks have code that was rendered plain because the highlighter had not loaded yet. */
  get waitingForHighlighter(): number {
    return this.#waitingForHighlighter;
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

  /**
   * Renders blocks whose code waited for the highlighter again: one, then more while `budget` has time (a
   * long answer's code can take longer than a frame).
   */
  highlightWaitingBlocks(budget: WorkBudget): void {
    let first = true;
    for (const block of this.#blocks) {
      if (!block.waitedForHighlighter) continue;
      if (!first && !budget.hasTime()) return;
      this.#render(block);
      first = false;
    }
  }

  clear(): void {
    this.#blocks = [];
    this.#links = emptyLinks();
    this.#waitingForHighlighter = 0;
  }

  #renderAgain(needed: (block: FinishedBlock) => boolean): void {
    for (const block of this.#blocks) if (needed(block)) this.#render(block);
  }

  /** (Re)renders `block` from its source with the definitions known now; returns the definitions after it. */
  #render(block: FinishedBlock): LinkDefinitions {
    block.misses = new Set();
    const tokens = lexMarkdown(block.raw, this.#links, block.misses);
    const rendered = renderTokensTracked(tokens, { highlight: true });
    block.view = this.#makeView(rendered.html);
    this.#waitingForHighlighter += Number(rendered.waitedForHighlighter) - Number(block.waitedForHighlighter);
    block.waitedForHighlighter = rendered.waitedForHighlighter;
    return tokens.links;
  }
}
