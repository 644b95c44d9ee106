import { diagramResult } from '../diagrams/diagrams';
import { renderTokensTracked } from './html-renderer';
import { isLoaded, type LazyModule } from './lazy-modules';
import { emptyLinks, lexMarkdown, newLabels, type LinkDefinitions } from './lex';
import type { MarkdownBlock } from './types';
import type { WorkBudget } from './work-budget';

interface FinishedBlock {
  view: MarkdownBlock;
  /** Its source, to render it again if a later link definition resolves one of its `misses`. */
  raw: string;
  /** Link labels it looked up and did not find. */
  misses: Set<string>;
  /** Modules it was rendered without (code plain, math as source) because they had not loaded yet. */
  waitedFor: ReadonlySet<LazyModule>;
  /** Diagrams it showed as source while they were being drawn. */
  waitedForDiagrams: readonly string[];
  /** Changes its rendered HTML (e.g. marks it as one part of a longer paragraph). */
  mark: ((html: string) => string) | undefined;
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
  /** Blocks rendered without a module they need, in document order. */
  #waiting = new Set<FinishedBlock>();

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

  /** Whether a block waits for a module that has loaded since: `renderWaitingBlocks` would change it. */
  get hasBlocksToRenderAgain(): boolean {
    for (const block of this.#waiting) if (isReady(block)) return true;
    return false;
  }

  /** Lexes, renders (highlighted) and keeps `source` as the next finished block; `mark` changes its HTML. */
  append(source: string, mark?: (html: string) => string): void {
    const block: FinishedBlock = {
      view: { key: '', html: '' },
      raw: source,
      misses: new Set(),
      waitedFor: new Set(),
      waitedForDiagrams: [],
      mark,
    };
    const links = this.#render(block);
    const added = newLabels(this.#links, links);
    for (const label of added) this.#links[label] = links[label]!;
    if (added.length > 0) this.#renderAgain((other) => added.some((label) => other.misses.has(label)));
    this.#blocks.push(block);
  }

  /**
   * Renders blocks again whose modules (highlighter, KaTeX) have loaded since: one, then more while `budget`
   * has time (a long answer's code can take longer than a frame).
   */
  renderWaitingBlocks(budget: WorkBudget): void {
    let first = true;
    for (const block of [...this.#waiting]) {
      if (!isReady(block)) continue;
      if (!first && !budget.hasTime()) return;
      this.#render(block);
      first = false;
    }
  }

  clear(): void {
    this.#blocks = [];
    this.#links = emptyLinks();
    this.#waiting.clear();
  }

  #renderAgain(needed: (block: FinishedBlock) => boolean): void {
    for (const block of this.#blocks) if (needed(block)) this.#render(block);
  }

  /** (Re)renders `block` from its source with the definitions known now; returns the definitions after it. */
  #render(block: FinishedBlock): LinkDefinitions {
    block.misses = new Set();
    const tokens = lexMarkdown(block.raw, this.#links, block.misses);
    const rendered = renderTokensTracked(tokens, { highlight: true });
    block.view = this.#makeView(block.mark ? block.mark(rendered.html) : rendered.html);
    block.waitedFor = rendered.waitedFor;
    block.waitedForDiagrams = rendered.waitedForDiagrams;
    if (rendered.waitedFor.size > 0 || rendered.waitedForDiagrams.length > 0) this.#waiting.add(block);
    else this.#waiting.delete(block);
    return tokens.links;
  }
}

/** Every module the block waited for has loaded, and every diagram it waited for is drawn. */
function isReady(block: FinishedBlock): boolean {
  for (const module of block.waitedFor) if (!isLoaded(module)) return false;
  return block.waitedForDiagrams.every((source) => diagramResult(source) !== undefined);
}
