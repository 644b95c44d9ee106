/**
 * UTF-16 boundaries. Text is cut by characters in several places (the chat worker's chunk pieces, the
 * renderer's slices, the drawn part of a runaway answer, a long paragraph's parts); none may split a surrogate
 * pair, or half an emoji would show.
 */

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** `at`, or one before it when cutting `text` there would split a surrogate pair. */
export function cutBefore(text: string, at: number): number {
  return isHighSurrogate(text.charCodeAt(at - 1)) ? at - 1 : at;
}
