import type { Tokens } from 'marked';
import { AppendTracker } from './append-tracker';
import { finalPrefix } from './block-boundaries';
import { defaultSanitizer } from './default-sanitizer';
import { FinishedBlocks } from './finished-blocks';
import { renderTokens } from './html-renderer';
import { lexMarkdown } from './lex';
import { provisionalListSplit } from './list-split';
import { markParagraphPart, paragraphCut } from './paragraph-parts';
import { isHighSurrogate } from '../text/utf16';
import {
  firstContentIndex,
  isList,
  offsetOf,
  renderListPart,
  renderTail,
  type PendingList,
} from './markdown-parts';
import type { MarkdownBlock, RenderedMarkdown, Sanitizer } from './types';
import { UNLIMITED_BUDGET, type WorkBudget } from './work-budget';

/** Options for `IncrementalMarkdown`. */
export interface IncrementalMarkdownOptions {
  /** Defaults to the sanitizer of the page's window; Node tests pass `createSanitizer(jsdomWindow)`. */
  sanitizer?: Sanitizer;
  /**
   * A top-level list longer than this (characters of source) is shown as provisional parts of finished items
   * while it grows, so a long list does not make every update re-parse all of it. Default 1500.
   */
  listSplitThreshold?: number;
  /**
   * A paragraph longer than this (characters of source) that is still open has its first part finished as
   * a paragraph of its own (see `paragraphCut`), so no update lexes, and no page lays out, more than about
   * this much of it. Default: none (a paragraph stays whole until it ends).
   */
  paragraphPartChars?: number;
  /**
   * How long one `update` may work. New text is taken in slices of about `sliceChars` characters (cut at a
   * line end): none when the budget has no time left, else one and more while it has; what is left waits
   * for the next call and the result says `pending`. Default: no limit (all text in one update).
   */
  budget?: WorkBudget;
  /** Default 512. */
  sliceChars?: number;
  /**
   * A text up to this length that starts over (the first text, or one that does not extend the previous:
   * e.g. a JSON answer pretty-printed when it completes) is rendered in one update whatever the budget, so
   * the view never goes blank while it catches up. Default 0.
   */
  renderAtOnceChars?: number;
}

const EMPTY: RenderedMarkdown = { blocks: [], tailHtml: '', pending: false, pendingText: '' };
const DEFAULT_SLICE_CHARS = 512;
/** Each pass either returns or shortens the tail; a few passes cover a freeze plus a list split. */
const MAX_PASSES = 8;

/**
 * Renders a streaming markdown answer so that each update costs about as much as its unfinished tail, not the
 * whole answer: finished top-level blocks are lexed, rendered, highlighted and sanitized once (see
 * `finalPrefix` for when a block is finished) and kept; only the tail is parsed again on each update.
 * Once `update(text, true)` has returned a result that is not `pending`, the blocks joined equal
 * `renderMarkdown(text)` (unless a paragraph longer than `paragraphPartChars` was cut into parts). With a budget, a long text (an answer arriving at once, a long saved answer) is
 * rendered over several updates, as if it had streamed in slices.
 */
export class IncrementalMarkdown {
  readonly #options: IncrementalMarkdownOptions;
  readonly #input = new AppendTracker();
  readonly #budget: WorkBudget;
  #sanitizer: Sanitizer | null;
  /** Text received and not yet taken into the tail (over the budget). */
  #backlog = '';
  #tail = '';
  #tailHtml = '';
  readonly #blocks = new FinishedBlocks((html) => this.#view(html));
  #pending: PendingList | null = null;
  #pendingViews: MarkdownBlock[] = [];
  #finished = false;
  #keys = 0;
  #result = EMPTY;

  constructor(options: IncrementalMarkdownOptions = {}) {
    this.#options = options;
    this.#sanitizer = options.sanitizer ?? null;
    this.#budget = options.budget ?? UNLIMITED_BUDGET;
  }

  /**
   * Takes the whole text so far (usually the previous text plus an appended chunk; any other text starts
   * over) and returns what to show. Pass `final = true` once the answer is complete: the tail is then
   * finished too (highlighted, and link definitions at the end apply to the blocks before them). When the
   * result is `pending`, call again (with the same text) to render the rest, e.g. on the next frame.
   */
  update(fullText: string, final = false): RenderedMarkdown {
    let appended = this.#input.appended(fullText);
    if (appended === null || (this.#finished && appended !== '')) {
      this.reset();
      appended = this.#input.appended(fullText) ?? '';
    }
    const startsOver = this.#result === EMPTY;
    this.#backlog += appended;
    const idle = this.#backlog === '' && !this.#blocks.hasBlocksToRenderAgain && (this.#finished || !final);
    if (idle && !startsOver) {
      if (this.#result.pending) this.#result = { ...this.#result, pending: false };
      return this.#result;
    }
    const atOnce = startsOver && this.#backlog.length <= (this.#options.renderAtOnceChars ?? 0);
    // Out of time (other views, or an earlier update in this frame, used it): the text waits, nothing is lost.
    if (!atOnce && !this.#budget.hasTime()) {
      this.#result = { ...this.#result, pending: true, pendingText: this.#backlog };
      return this.#result;
    }
    this.#blocks.renderWaitingBlocks(this.#budget);
    for (;;) {
      this.#tail += this.#takeSlice(atOnce);
      if (this.#backlog === '' || (!atOnce && !this.#budget.hasTime())) break;
      this.#advance(false);
    }
    if (final && this.#backlog === '') this.#finish();
    else this.#advance(true);
    this.#result = {
      blocks: [...this.#blocks.views, ...this.#pendingViews],
      tailHtml: this.#tailHtml,
      pending: this.#backlog !== '' || this.#blocks.hasBlocksToRenderAgain,
      pendingText: this.#backlog,
    };
    return this.#result;
  }

  /**
   * The next slice of the backlog, ending at a line end when there is one, never inside a surrogate pair.
   * At least as long as the tail, so a block that cannot finish yet (a long code block, table or paragraph)
   * is re-read a logarithmic number of times, not once per slice; all of it without a budget.
   */
  #takeSlice(atOnce: boolean): string {
    const unlimited = atOnce || this.#budget === UNLIMITED_BUDGET;
    const limit = unlimited
      ? Infinity
      : Math.max(this.#options.sliceChars ?? DEFAULT_SLICE_CHARS, this.#tail.length);
    if (this.#backlog.length <= limit) {
      const rest = this.#backlog;
      this.#backlog = '';
      return rest;
    }
    let end = this.#backlog.lastIndexOf('\n', limit - 1) + 1;
    if (end === 0) end = isHighSurrogate(this.#backlog.charCodeAt(limit - 1)) ? limit + 1 : limit;
    const slice = this.#backlog.slice(0, end);
    this.#backlog = this.#backlog.slice(end);
    return slice;
  }

  /** Forgets everything; the next `update` renders from scratch. */
  reset(): void {
    this.#input.reset();
    this.#backlog = '';
    this.#tail = '';
    this.#tailHtml = '';
    this.#blocks.clear();
    this.#dropPending();
    this.#finished = false;
    this.#result = EMPTY;
  }

  /** Freezes what the tail has finished; `render` also renders the rest (only the last slice needs it). */
  #advance(render: boolean): void {
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
      if (head?.type === 'paragraph' && this.#cutParagraph(head.raw, offsetOf(tokens, first))) continue;
      if (render) this.#tailHtml = this.#sanitize(renderTail(tokens, head, this.#pending));
      return;
    }
    if (render)
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

  /** Finishes the first part of a paragraph (starting at `start` in the tail) longer than the option allows. */
  #cutParagraph(paragraph: string, start: number): boolean {
    const limit = this.#options.paragraphPartChars;
    if (limit === undefined || paragraph.length <= limit) return false;
    const cut = paragraphCut(paragraph, limit);
    if (cut === null) return false;
    const end = start + cut;
    const source = this.#tail.slice(0, end);
    this.#tail = this.#tail.slice(end);
    this.#blocks.append(source, markParagraphPart);
    return true;
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
