import { Parser, Renderer, getDefaults, type Token, type Tokens } from 'marked';
import { escapeHtml } from './escape-html';
import { highlightCode, isHighlighterLoaded, loadHighlighter } from './highlight';

/** `<br>`, `<br/>` and `<br />` are the only raw HTML passed through (tables in model output use them). */
const LINE_BREAK_TAG = /^<br\s*\/?>$/i;

/**
 * marked's renderer with Brook's choices: raw HTML is shown as text (model output is untrusted), images become
 * inert links (no request is made), task checkboxes are text, and code is highlighted only when asked.
 * Its output still goes through the sanitizer.
 */
class BrookRenderer extends Renderer {
  readonly #highlight: boolean;
  #linkDepth = 0;
  /** Set when code asked for highlighting before the highlighter had loaded. */
  waitedForHighlighter = false;

  constructor(highlight: boolean) {
    super();
    this.#highlight = highlight;
  }

  override code({ text, lang }: Tokens.Code): string {
    const language = (lang ?? '').match(/^\S*/)?.[0] ?? '';
    const code = text ? text.replace(/\n$/, '') + '\n' : '';
    if (this.#highlight && language && !isHighlighterLoaded()) {
      this.waitedForHighlighter = true;
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
    const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
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

/** Rendered (unsanitized) HTML and whether it would change once the highlighter has loaded. */
export interface RenderedTokens {
  html: string;
  waitedForHighlighter: boolean;
}

/** Renders lexed tokens to (unsanitized) HTML; if marked fails, their source is shown as escaped text. */
export function renderTokensTracked(tokens: Token[], options: RenderTokensOptions): RenderedTokens {
  const renderer = new BrookRenderer(options.highlight);
  try {
    const html = new Parser({ ...getDefaults(), renderer }).parse(tokens);
    return { html, waitedForHighlighter: renderer.waitedForHighlighter };
  } catch {
    const source = tokens.map((token) => token.raw).join('');
    return {
      html: source.trim() ? `<p class="md-raw-html">${escapeHtml(source)}</p>\n` : '',
      waitedForHighlighter: false,
    };
  }
}

/** `renderTokensTracked`, HTML only. */
export function renderTokens(tokens: Token[], options: RenderTokensOptions): string {
  return renderTokensTracked(tokens, options).html;
}
