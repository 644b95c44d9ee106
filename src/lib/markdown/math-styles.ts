/**
 * KaTeX places its boxes with inline `style` attributes, which the page's CSP (`style-src 'self'`) refuses. Each
 * distinct style of a formula becomes a class instead, with its rule set through the CSSOM on a constructed
 * stylesheet (CSSOM is not governed by `style-src`). Only the properties KaTeX uses for layout and colour are
 * carried over, and each value goes through `setProperty`, so a declaration can never become a selector,
 * a `url()` load or another rule.
 */
/**
 * Where a formula's styles travel to the sanitizer: KaTeX's `style` attributes are renamed to this before the
 * HTML is parsed anywhere, since even parsing a `style` attribute in the page counts as a CSP violation.
 */
export const FORMULA_STYLE_ATTRIBUTE = 'data-formula-style';

/** `html` (KaTeX's output, attribute values escaped) with its `style` attributes renamed. */
export function renameStyleAttributes(html: string): string {
  return html.replaceAll(' style="', ` ${FORMULA_STYLE_ATTRIBUTE}="`);
}

const PROPERTIES = new Set([
  'height',
  'width',
  'min-width',
  'max-width',
  'vertical-align',
  'top',
  'bottom',
  'left',
  'right',
  'margin-left',
  'margin-right',
  'margin-top',
  'margin-bottom',
  'padding-left',
  'padding-right',
  'padding-top',
  'padding-bottom',
  'border-width',
  'border-style',
  'border-color',
  'border-top-width',
  'border-bottom-width',
  'border-left-width',
  'border-right-width',
  'color',
  'background-color',
]);
/** Anything that could load, reference or compute: never in a value KaTeX writes for layout. */
const UNSAFE_VALUE = /url|image|var\(|attr\(|expression|env\(|[\\@<>{}]|\/\*/i;
/** A model could write endless distinct sizes; past this many, further styles are dropped (layout degrades). */
const MAX_CLASSES = 20_000;

export class StyleClasses {
  readonly #sheet: CSSStyleSheet | null;
  readonly #classes = new Map<string, string>();

  constructor(document: Document) {
    this.#sheet = adoptSheet(document);
  }

  /** The class that applies `style` (a `style` attribute's text), or null when none of it is kept. */
  classFor(style: string): string | null {
    const declarations: [string, string][] = [];
    for (const part of style.split(';')) {
      const colon = part.indexOf(':');
      if (colon === -1) continue;
      const property = part.slice(0, colon).trim().toLowerCase();
      const value = part.slice(colon + 1).trim();
      if (PROPERTIES.has(property) && value !== '' && !UNSAFE_VALUE.test(value))
        declarations.push([property, value]);
    }
    if (declarations.length === 0) return null;
    const key = declarations.map(([property, value]) => `${property}:${value}`).join(';');
    const known = this.#classes.get(key);
    if (known !== undefined) return known;
    if (this.#classes.size >= MAX_CLASSES) return null;
    const name = `md-ks${this.#classes.size}`;
    this.#classes.set(key, name);
    this.#addRule(name, declarations);
    return name;
  }

  #addRule(name: string, declarations: readonly [string, string][]): void {
    if (!this.#sheet) return;
    const index = this.#sheet.insertRule(
      `.katex .${name}, .katex-error.${name} {}`,
      this.#sheet.cssRules.length,
    );
    const rule = this.#sheet.cssRules[index] as CSSStyleRule;
    // Important, as an inline style would win over KaTeX's own rules.
    for (const [property, value] of declarations) rule.style.setProperty(property, value, 'important');
  }
}

/** A constructed stylesheet adopted by `document`, or null where that is not supported (jsdom). */
function adoptSheet(document: Document): CSSStyleSheet | null {
  const view = document.defaultView as (Window & typeof globalThis) | null;
  try {
    if (!view || !('adoptedStyleSheets' in document)) return null;
    const sheet = new view.CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return sheet;
  } catch {
    return null;
  }
}
