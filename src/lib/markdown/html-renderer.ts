import { Parser, Renderer, getDefaults, type MarkedOptions, type Token, type Tokens } from 'marked';
import { diagramResult, requestDiagram } from '../diagrams/diagrams';
import { isClosedFence } from './block-boundaries';
import { escapeHtml } from './escape-html';
import { highlightCode, isHighlighterLoaded, loadHighlighter } from './highlight';
import type { LazyModule } from './lazy-modules';
import { markFormula } from './formula-marks';
import { loadMath, renderFormula } from './math';
import type { MathToken } from './math-syntax';

/** `<br>`, `<br/>` and `<br />` are the only raw HTML passed through (tables in model output use them). */
const LINE_BREAK_TAG = /^<br\s*\/?>$/i;

/**
 * marked's renderer with Brook's choices: raw HTML is shown as text (model output is untrusted), images become
 * inert links (no request is made), task checkboxes are text, code is highlighted only when asked, and complete
 * formulas are typeset by KaTeX. Its output still goes through the sanitizer.
 */
class BrookRenderer extends Renderer {
  readonly #highlight: boolean;
  #linkDepth = 0;
  /** Inside an image's alt text, which becomes a plain label: formulas there stay as their source. */
  #inPlainText = false;
  /** Modules that were not loaded yet when this render needed them (it looks different once they are). */
  readonly waitedFor = new Set<LazyModule>();
  /** Diagrams it showed as source because they were still being drawn. */
  readonly waitedForDiagrams: string[] = [];

  constructor(highlight: boolean) {
    super();
    this.#highlight = highlight;
  }

  /** A complete formula: KaTeX's rendering once it has loaded, its source until then. */
  math({ raw, tex, display, type }: MathToken): string {
    if (this.#inPlainText) return raw; // the label it goes into is escaped as a whole
    const rendered = renderFormula(tex, display);
    if (rendered !== null) {
      const html = markFormula(rendered);
      return type === 'mathBlock' ? `<p class="md-math-block">${html}</p>\n` : html;
    }
    this.waitedFor.add('math');
    void loadMath();
    const source = escapeHtml(raw.trim());
    if (type === 'mathBlock') return `<p class="md-math-block md-math-source">${source}</p>\n`;
    return `<span class="md-math-source">${source}</span>`;
  }

  override code({ text, lang, raw }: Tokens.Code): string {
    const language = (lang ?? '').match(/^\S*/)?.[0] ?? '';
    const code = text ? text.replace(/\n$/, '') + '\n' : '';
    // A fenced `math` block is display math once its fence has closed; until then it is code, as it streams.
    if (language === 'math' && code.trim() !== '' && isClosedFence(raw)) {
      return this.math({ type: 'mathBlock', raw, tex: code.trim(), display: true });
    }
    // A finished Mermaid block is drawn (in the diagram frame); its source stays in the block, for the toggle.
    if (language === 'mermaid' && this.#highlight && code.trim() !== '' && isClosedFence(raw)) {
      if (diagramResult(code) === undefined) {
        requestDiagram(code);
        this.waitedForDiagrams.push(code);
      }
      return `<pre><code class="language-mermaid md-diagram-source">${escapeHtml(code)}</code></pre>\n`;
    }
    if (this.#highlight && language && !isHighlighterLoaded()) {
      this.waitedFor.add('highlighter');
      void loadHighlighter();
    }
    const highlighted = this.#highlight ? highlightCode(code, language) : null;
    const classes = [highlighted === null ? '' : 'hljs', language ? `language-${language}` : '']
      .filter(Boolean)
      .join(' ');
    const classAttribute = classes ? ` class="${escapeHtml(classes)}"` : '';
    return `<pre><code${classAttribute}>${highlighted ?? escapeHtml(code)}</code></pre>\n`;
  }

  override html(token: Tokens.HTML | Tokens.Tag): string {
    if (!token.block && LINE_BREAK_TAG.test(token.text)) return '<br>';
    if (token.block) return `<p class="md-raw-html">${escapeHtml(token.text.replace(/\s+$/, ''))}</p>\n`;
    return escapeHtml(token.text);
  }

  override image({ href, text, tokens }: Tokens.Image): string {
    this.#inPlainText = true;
    let alt: string;
    try {
      alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
    } finally {
      this.#inPlainText = false;
    }
    const label = `Image: ${escapeHtml(alt.trim() || href)}`;
    const title = ` title="${escapeHtml(`Image not loaded: ${href}`)}"`;
    const url = safeEncodeUri(href);
    // A link inside a link is invalid HTML, so an image that is itself a link text becomes a plain label.
    if (this.#linkDepth > 0 || url === null) return `<span class="md-image"${title}>${label}</span>`;
    return `<a class="md-image" href="${escapeHtml(url)}"${title}>${label}</a>`;
  }

  override link(token: Tokens.Link): string {
    this.#linkDepth += 1;
    try {
      return super.link(token);
    } finally {
      this.#linkDepth -= 1;
    }
  }

  override checkbox({ checked }: Tokens.Checkbox): string {
    return checked ? '<span class="md-task md-task-done">☑</span> ' : '<span class="md-task">☐</span> ';
  }

  override text(token: Tokens.Text | Tokens.Escape): string {
    // Text after a raw <pre>/<code>/<kbd>/<script> tag is marked "escaped" (left raw); that raw tag is shown as
    // text here, so its content must be escaped like any other text.
    if ('escaped' in token && token.escaped) return super.text({ ...token, escaped: false });
    return super.text(token);
  }
}

function safeEncodeUri(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null;
  }
}

/** Options for `renderTokens`. */
export interface RenderTokensOptions {
  /** Highlight fenced code (finished blocks); off for the growing tail, where code shows as plain text. */
  highlight: boolean;
}

/** Rendered (unsanitized) HTML and what it would look different with: lazily loaded modules, drawn diagrams. */
export interface RenderedTokens {
  html: string;
  waitedFor: ReadonlySet<LazyModule>;
  waitedForDiagrams: readonly string[];
}

/** Math tokens (from `math-syntax`) go to the renderer's `math`. */
const MATH_RENDERERS: NonNullable<MarkedOptions['extensions']> = {
  renderers: {
    mathBlock(token) {
      return (this.parser.renderer as BrookRenderer).math(token as MathToken);
    },
    mathInline(token) {
      return (this.parser.renderer as BrookRenderer).math(token as MathToken);
    },
  },
  childTokens: {},
};

/** Renders lexed tokens to (unsanitized) HTML; if marked fails, their source is shown as escaped text. */
export function renderTokensTracked(tokens: Token[], options: RenderTokensOptions): RenderedTokens {
  const renderer = new BrookRenderer(options.highlight);
  try {
    const html = new Parser({ ...getDefaults(), renderer, extensions: MATH_RENDERERS }).parse(tokens);
    return { html, waitedFor: renderer.waitedFor, waitedForDiagrams: renderer.waitedForDiagrams };
  } catch {
    const source = tokens.map((token) => token.raw).join('');
    return {
      html: source.trim() ? `<p class="md-raw-html">${escapeHtml(source)}</p>\n` : '',
      waitedFor: new Set(),
      waitedForDiagrams: [],
    };
  }
}

/** `renderTokensTracked`, HTML only. */
export function renderTokens(tokens: Token[], options: RenderTokensOptions): string {
  return renderTokensTracked(tokens, options).html;
}
