import { Lexer, Marked, type Links, type MarkedOptions, type Tokens, type TokensList } from 'marked';
import { GuardedTokenizer } from './guarded-tokenizer';
import { MATH_EXTENSIONS, maskFormulas } from './math-syntax';

/** Link reference definitions by normalized label, as marked keeps them. */
export type LinkDefinitions = Links;

let failureReported = false;

/** marked's defaults plus Brook's syntax: math, kept out of emphasis. */
const LEXER_OPTIONS: MarkedOptions = new Marked({
  extensions: [...MATH_EXTENSIONS],
  hooks: { emStrongMask: maskFormulas },
}).defaults;

export function emptyLinks(): LinkDefinitions {
  return Object.create(null) as LinkDefinitions;
}

/**
 * Lexes `src` as one markdown document that already knows the link definitions `links` (from the blocks before
 * it). When `misses` is given, every label looked up and not found is added to it, so a block can be re-rendered
 * if a later definition supplies that label. Never throws: if marked fails, the source comes back as one raw
 * HTML token, which the renderer shows as escaped text.
 */
export function lexMarkdown(src: string, links: LinkDefinitions, misses?: Set<string>): TokensList {
  const known = Object.assign(emptyLinks(), links);
  try {
    const lexer = new Lexer({ ...LEXER_OPTIONS, tokenizer: new GuardedTokenizer() });
    lexer.tokens.links = misses ? recordMisses(known, misses) : known;
    return lexer.lex(src);
  } catch (error) {
    // Once is enough: a failing tail would otherwise log on every update.
    if (!failureReported) console.error('markdown: lexing failed, showing the text as is', error);
    failureReported = true;
    const asText: Tokens.HTML = { type: 'html', block: true, pre: false, raw: src, text: src };
    return Object.assign([asText], { links: known });
  }
}

function recordMisses(target: LinkDefinitions, misses: Set<string>): LinkDefinitions {
  const note = (key: string | symbol): void => {
    if (typeof key === 'string' && !Object.hasOwn(target, key)) misses.add(key);
  };
  return new Proxy(target, {
    get(object, key) {
      note(key);
      return Reflect.get(object, key);
    },
    getOwnPropertyDescriptor(object, key) {
      note(key);
      return Reflect.getOwnPropertyDescriptor(object, key);
    },
    has(object, key) {
      note(key);
      return Reflect.has(object, key);
    },
  });
}

/** Labels defined in `after` that `before` lacks. */
export function newLabels(before: LinkDefinitions, after: LinkDefinitions): string[] {
  return Object.keys(after).filter((label) => !Object.hasOwn(before, label));
}
