/**
 * Follows a text that grows at its end (a streaming answer) and hands out what each update appended, with line
 * endings normalized to `\n` the way marked does it, so offsets in the normalized text stay valid.
 */
export class AppendTracker {
  #previous = '';

  /** The normalized text appended since the last call; null when `text` does not extend the previous text. */
  appended(text: string): string | null {
    const previous = this.#previous;
    if (text === previous) return '';
    if (!text.startsWith(previous)) return null;
    this.#previous = text;
    let added = text.slice(previous.length);
    // A \r\n split across two updates: the \r already became a \n.
    if (previous.endsWith('\r') && added.startsWith('\n')) added = added.slice(1);
    return added.replace(/\r\n?/g, '\n');
  }

  reset(): void {
    this.#previous = '';
  }
}
