/**
 * Fuzzing the markdown renderer with seeded, adversarial answers (hostile HTML, dangerous URLs,
 * unbalanced markdown, random characters), streamed in random pieces through IncrementalMarkdown
 * and rendered whole with renderMarkdown, using the real sanitizer on a jsdom window. Every
 * intermediate and final output must hold only the allowlisted elements and attributes, link only
 * to http(s)/mailto, and run no script when inserted into a document that runs scripts.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, test } from 'vitest';
import {
  IncrementalMarkdown,
  createSanitizer,
  renderMarkdown,
  type SanitizerWindow,
} from '../../src/lib/markdown';
import { intBelow, pick, seeded, type Random } from './fuzz-support';

const RUNS = 150;

const HOSTILE = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '<svg onload="window.__pwned = 3"><script>window.__pwned = 3</script></svg>',
  '<iframe src="https://evil.example/"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned = 4</script>"></iframe>',
  '<form action="https://evil.example/"><input name=q><button>Go</button></form>',
  '<a href="javascript:window.__pwned=5">click</a>',
  '[click](javascript:window.__pwned=6)',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vb](vbscript:msgbox(1))',
  '[spaced](java\tscript:alert(1))',
  '[entity](&#106;avascript:alert(1))',
  '![remote](https://evil.example/track.png)',
  '![data](data:image/svg+xml,<svg onload=alert(1)>)',
  '<style>body{display:none}</style>',
  '<div style="position:fixed;inset:0;z-index:9999">overlay</div>',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<base href="https://evil.example/">',
  '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x">',
  '<video poster="https://evil.example/p.png"><source src="https://evil.example/v.mp4"></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<p id="app" name="document">clobber</p>',
  '<span class="app nav-open md-code">class</span>',
  '<details open ontoggle="window.__pwned=7">',
  '[link](https://example.com "title\\" onmouseover=\\"alert(1)")',
  '<a href="https://ok.example" onclick="window.__pwned=8">ok</a>',
  '```html\n<script>alert(1)</script>\n```',
  '`<img src=x onerror=alert(1)>`',
];

const MARKDOWN = [
  '# Heading\n',
  '\n\n',
  '- item\n',
  '1. first\n',
  '> quote\n',
  '```js\nconst x = 1;\n',
  '```\n',
  '| a | b |\n|---|---|\n| 1 | 2 |\n',
  '**bold** _em_ ~~del~~ ',
  '[ref]: https://example.com\n',
  '[ref] ',
  '<br>',
  '- [ ] task\n',
  '***\n',
  '\\',
  '`',
  '<',
  '&amp; &#x3C; ',
  '    indented code\n',
  'plain words 🌍 你好 ',
];

function randomAnswer(random: Random): string {
  const parts: string[] = [];
  const count = 1 + intBelow(random, 14);
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    if (roll < 0.4) parts.push(pick(random, HOSTILE));
    else if (roll < 0.85) parts.push(pick(random, MARKDOWN));
    else
      parts.push(
        String.fromCharCode(
          ...Array.from({ length: 1 + intBelow(random, 12) }, () => intBelow(random, 0x3000)),
        ),
      );
  }
  return parts.join(random() < 0.5 ? '\n' : '');
}

function randomPieces(text: string, random: Random): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + intBelow(random, 24);
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  return pieces;
}

const window = new JSDOM('<!doctype html><html><body></body></html>').window as unknown as SanitizerWindow;
const sanitizer = createSanitizer(window);

/** What the sanitizer may emit (its allowlist), plus the code-block frame Brook adds after it. */
const ALLOWED_TAGS = new Set(
  'a blockquote br code del em h1 h2 h3 h4 h5 h6 hr li ol p pre span strong table tbody td th thead tr ul div button'.split(
    ' ',
  ),
);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'class', 'start', 'align', 'target', 'rel']);
const CHROME_ATTRIBUTES = new Set(['type', 'data-copy', 'aria-label', 'class']);
const SAFE_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+|md-[\w-]+|[a-z]+_|copy-code)$/;

/** Every way `html` breaks the output policy; empty when it is safe. */
function violations(html: string): string[] {
  const template = window.document.createElement('template');
  template.innerHTML = html;
  const problems: string[] = [];
  for (const element of Array.from(template.content.querySelectorAll('*'))) {
    const tag = element.tagName.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) problems.push(`<${tag}>`);
    const chrome = tag === 'button' || tag === 'div';
    if (chrome && !/^md-code|^copy-code/.test(element.getAttribute('class') ?? ''))
      problems.push(`bare <${tag}>`);
    for (const { name, value } of Array.from(element.attributes)) {
      const allowed = chrome ? CHROME_ATTRIBUTES : ALLOWED_ATTRIBUTES;
      if (!allowed.has(name)) problems.push(`${tag}[${name}]`);
      if (name === 'href' && !/^(https?|mailto):/i.test(value)) problems.push(`href=${value}`);
      if (name === 'class') {
        for (const name of value.split(/\s+/)) if (!SAFE_CLASS.test(name)) problems.push(`class=${name}`);
      }
    }
  }
  return problems;
}

/** Loads `html` as the body of a page that runs scripts; true when any script ran. */
function runsScript(html: string): boolean {
  const dom = new JSDOM(`<!doctype html><html><body>${html}</body></html>`, { runScripts: 'dangerously' });
  const ran = (dom.window as unknown as { __pwned?: unknown }).__pwned !== undefined;
  dom.window.close();
  return ran;
}

describe('markdown renderer under fuzzing', () => {
  test(`${RUNS} hostile answers streamed in random pieces: every render is inert`, () => {
    const random = seeded(0xb00c);
    let renders = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const answer = randomAnswer(random);
      const renderer = new IncrementalMarkdown({ sanitizer });
      let text = '';
      for (const piece of randomPieces(answer, random)) {
        text += piece;
        const shown = renderer.update(text);
        const html = shown.blocks.map((block) => block.html).join('') + shown.tailHtml;
        expect(violations(html), `run ${run}, after ${text.length} chars`).toEqual([]);
        renders += 1;
      }
      const final = renderer.update(text, true);
      const finalHtml = final.blocks.map((block) => block.html).join('') + final.tailHtml;
      expect(violations(finalHtml), `run ${run}, final`).toEqual([]);
      expect(runsScript(finalHtml), `run ${run}: a script ran`).toBe(false);
      const whole = renderMarkdown(answer, { sanitizer });
      expect(violations(whole), `run ${run}, renderMarkdown`).toEqual([]);
    }
    expect(renders).toBeGreaterThan(RUNS);
  }, 120_000);

  test('the inertness check itself catches what it must (a control)', () => {
    expect(violations('<img src=x onerror=alert(1)>')).toContain('<img>');
    expect(violations('<a href="javascript:alert(1)">x</a>')).toContain('href=javascript:alert(1)');
    expect(violations('<p style="position:fixed">x</p>')).toContain('p[style]');
    expect(violations('<button onclick="x()">b</button>')).toEqual(
      expect.arrayContaining(['bare <button>', 'button[onclick]']),
    );
    expect(runsScript('<script>window.__pwned = 1</script>')).toBe(true);
  });
});
