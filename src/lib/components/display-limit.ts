import { cutBefore } from '../text/utf16';

/**
 * How much of one text the page draws. A runaway model can write megabytes (one 50 MB "word" has been
 * seen); laying all of it out would freeze the page for seconds at every start. The message keeps every
 * character (saved, copied, exported); the view draws the first `DISPLAY_LIMIT_CHARS` and says so.
 */

/** The most characters of one text the page draws: a little over a million (far more than any real answer). */
export const DISPLAY_LIMIT_CHARS = 1_048_576;

/**
 * A plain-text stand-in (for text not rendered yet) shows at most this much; rendering catches up in frames. All
 * of a 100 KB answer (so the end of a reopened chat shows at once: at 32 KB it took 1.2 s), not a megabyte.
 */
export const PREVIEW_LIMIT_CHARS = 262_144;

/** What the view draws of a text, and how long the whole text is. */
export interface ShownText {
  readonly shown: string;
  /** The whole text's length, when `shown` is less than all of it. */
  readonly cutFrom: number | null;
}

/**
 * The first `limit` characters of `text` (one fewer if the limit falls inside a surrogate pair). While a text
 * streams, what is shown only ever grows, so the renderer never starts over.
 */
export function shownText(text: string, limit = DISPLAY_LIMIT_CHARS): ShownText {
  if (text.length <= limit) return { shown: text, cutFrom: null };
  return { shown: text.slice(0, cutBefore(text, limit)), cutFrom: text.length };
}

/**
 * `shownText` for a text that grows while it streams. Once the text is past the limit its shown part cannot
 * change, and is kept: reading the text again would make the engine copy all of it into one flat string (a
 * text built by appending is a chain of pieces), once per chunk, megabytes each time.
 */
export class GrowingTextCut {
  readonly #limit: number;
  #held: string | null = null;

  constructor(limit = DISPLAY_LIMIT_CHARS) {
    this.#limit = limit;
  }

  /** `growing`: `text` extends the previous text (it streams); false reads it afresh. */
  cut(text: string, growing: boolean): ShownText {
    if (growing && this.#held !== null && text.length > this.#limit)
      return { shown: this.#held, cutFrom: text.length };
    const next = shownText(text, this.#limit);
    this.#held = growing && next.cutFrom !== null ? next.shown : null;
    return next;
  }
}

/** The first `limit` characters of `text`, for a stand-in that only needs to look right. */
export function previewText(text: string, limit = PREVIEW_LIMIT_CHARS): string {
  return text.length <= limit ? text : text.slice(0, cutBefore(text, limit));
}

/** What the view says when it draws only part of a text. */
export function cutNotice(shownChars: number, totalChars: number): string {
  const count = (n: number) => n.toLocaleString('en');
  return (
    `Brook shows the first ${count(shownChars)} of these ${count(totalChars)} characters, so the page ` +
    'stays responsive. All of it is saved: Copy and Export include every character.'
  );
}
