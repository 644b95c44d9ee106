/** About how much text (characters) of a conversation's end is rendered as soon as it opens. */
export const EAGER_TEXT_CHARS = 32_768;

/**
 * The index of the first message to render at once when a conversation opens: the last message always,
 * and the ones before it while their text adds up to `limit`. Older messages wait until scrolled near.
 */
export function firstEagerIndex(messages: readonly { content: string }[], limit = EAGER_TEXT_CHARS): number {
  let total = 0;
  for (let index = messages.length - 1; index >= 0; index--) {
    total += messages[index]!.content.length;
    if (total > limit && index < messages.length - 1) return index + 1;
  }
  return 0;
}
