import type { Tokens } from 'marked';
import { AppendTracker } from './append-tracker';
import { finalPrefix } from './block-boundaries';
import { defaultSanitizer } from './default-sanitizer';
import { FinishedBlocks } from './finished-blocks';
import { isHighlighterLoaded } from './highlight';
import { renderTokens } from './html-renderer';
import { lexMarkdown } from './lex';
import { provisionalListSplit } from './list-split';
import {
  firstContentIndex,
  isList,
  offsetOf,
  renderListPart,
  renderTail,
  type PendingList,
} from './markdown-parts';
import type { MarkdownBlock, RenderedMarkdown, Sanitizer } from './types';

/** Options for `IncrementalMarkdown`. */
export interface IncrementalMarkdownOptions {
  /** Defaults to the sanitizer of the page's window; Node tests pass `createSanitizer(jsdomWindow)`. */
  sanitizer?: Sanitizer;
  /**
   * A top-level list longer than this (characters of source) is shown as provisional parts of finished items
   * while it grows, so a long list does not make every update re-parse all of it. Default 1500.
   */
  listSplitThreshold?: number;
}

const EMPTY: RenderedMarkdown = { blocks: [], tailHtml: '' };
/** Each pass either returns or shortens the tail; a few passes cover a freeze plus a list split. */
const MAX_PASSES = 8;

/**
 * Renders a streaming markdown answer so that each update costs about as much as its unfinished tail, not the
 * whole answer: finished top-level blocks are lexed, rendered, highlighted and sanitized once (see
 * `finalPrefix` for when a block is finished) and kept; only the tail is parsed again on each update.
 * Once `update(text, true)` has been called, the blocks joined equal `renderMarkdown(text)`.
 */
export class IncrementalMarkdown {
  readonly #options: IncrementalMarkdownOptions;
  readonly #input = new AppendTracker();
  #sanitizer: Sanitizer | null;
  #tail = '';
  #tailHtml = '';
  readonly #blocks = new FinishedBlocks((html) => this.#view(html));
  #pending: PendingList | null = null;
  #pendingViews: MarkdownBlock[] = [];
  #finished = false;
  #highlighterLoaded = isHighlighterLoaded();
  #keys = 0;
  #result = EMPTY;

  constructor(options: IncrementalMarkdownOptions = {}) {
    this.#options = options;
    this.#sanitizer = options.sanitizer ?? null;
  }

  /**
   * Takes the whole text so far (usually the previous text plus an appended chunk; any other text starts
   * over) and returns what to show. Pass `final = true` once the answer is complete: the tail is then
   * finished too (highlighted, and link definitions at the end apply to the blocks before them).
   */
  update(fullText: string, final = false): RenderedMarkdown {
    let appended = this.#input.appended(fullText);
    if (appended === null || (this.#finished && appended !== '')) {
      this.reset();
      appended = this.#input.appended(fullText) ?? '';
    }
    const highlighted = this.#highlightIfLoaded();
    if (appended === '' && !highlighted && (this.#finished || !final) && this.#result !== EMPTY)
      return this.#result;
    this.#tail += appended;
    if (final) this.#finish();
    else this.#advance();
    this.#result = {
      blocks: [...this.#blocks.views, ...this.#pendingViews],
      tailHtml: this.#tailHtml,
    };
    return this.#result;
  }

  /** Once the highlighter has loaded, blocks rendered before get their code highlighted (new keys). */
  #highlightIfLoaded(): boolean {
    if (this.#highlighterLoaded || !isHighlighterLoaded()) return false;
    this.#highlighterLoaded = true;
    return this.#blocks.highlightWaitingBlocks();
  }

  /** Forgets everything; the next `update` renders from scratch. */
  reset(): void {
    this.#input.reset();
    this.#tail = '';
    this.#tailHtml = '';
    this.#blocks.clear();
    this.#dropPending();
    this.#finished = false;
    this.#highlighterLoaded = isHighlighterLoaded();
    this.#result = EMPTY;
  }

  #advance(): void {
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const tokens = lexMarkdown(this.#tail, this.#blocks.links);
      const first = firstContentIndex(tokens);
      const head = tokens[first];
      if (this.#pending && !isList(head)) {
        // Not expected (a split is made at an item start); put the parts back into the tail to stay correct.
        this.#tail = this.#pending.raw + this.#tail;
        this.#dropPending();
        continue;
      }
      const prefix = finalPrefix(tokens, this.#tail);
      if (prefix.count > 0) {
        this.#freeze(prefix.end);
        continue;
      }
      if (isList(head) && this.#splitsList(head) && this.#splitList(head, offsetOf(tokens, first))) continue;
      this.#tailHtml = this.#sanitize(renderTail(tokens, head, this.#pending));
      return;
    }
    this.#tailHtml = this.#sanitize(
      renderTokens(lexMarkdown(this.#tail, this.#blocks.links), { highlight: false }),
    );
  }

  #finish(): void {
    const source = (this.#pending?.raw ?? '') + this.#tail;
    this.#dropPending();
    this.#tail = '';
    this.#tailHtml = '';
    if (source.trim() !== '') this.#blocks.append(source);
    this.#finished = true;
  }

  /** Moves the first `end` characters of the tail (after any pending list parts) into a finished block. */
  #freeze(end: number): void {
    const source = (this.#pending?.raw ?? '') + this.#tail.slice(0, end);
    this.#tail = this.#tail.slice(end);
    this.#dropPending();
    this.#blocks.append(source);
  }

  #splitsList(list: Tokens.List): boolean {
    return this.#pending !== null || list.raw.length > (this.#options.listSplitThreshold ?? 1500);
  }

  #splitList(list: Tokens.List, start: number): boolean {
    const split = provisionalListSplit(list, this.#tail, start);
    if (split === null) return false;
    const pending = this.#pending ?? { raw: '', nextNumber: list.start === '' ? 1 : list.start };
    this.#pendingViews.push(this.#view(renderListPart(list, split.itemCount, pending)));
    pending.raw += this.#tail.slice(0, split.end);
    pending.nextNumber += split.itemCount;
    this.#pending = pending;
    this.#tail = this.#tail.slice(split.end);
    return true;
  }

  #dropPending(): void {
    this.#pending = null;
    this.#pendingViews = [];
  }

  #view(html: string): MarkdownBlock {
    return { key: `b${this.#keys++}`, html: this.#sanitize(html) };
  }

  #sanitize(html: string): string {
    this.#sanitizer ??= defaultSanitizer();
    return this.#sanitizer.sanitize(html);
  }
}
