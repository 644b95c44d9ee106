import { Tokenizer, type Tokens } from 'marked';

/**
 * marked's tokenizer with a guard for a crash in marked 18.2: a block quote inside a list item, holding a list
 * and followed by a lazy line (`- a\n  > -\n  x`), throws "Cannot read properties of undefined". Model output
 * must never break the view, so such a block quote is given up (undone) and the lexer reads those lines as
 * the next block type that fits, usually a paragraph.
 */
export class GuardedTokenizer extends Tokenizer {
  override blockquote(src: string): Tokens.Blockquote | undefined {
    const lexer = this.lexer;
    const state = { ...lexer.state };
    const queued = lexer.inlineQueue.length;
    try {
      return super.blockquote(src);
    } catch {
      Object.assign(lexer.state, state);
      lexer.inlineQueue.length = queued;
      return undefined;
    }
  }
}
