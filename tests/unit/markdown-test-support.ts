import { JSDOM } from 'jsdom';
import { createSanitizer, type SanitizerWindow } from '../../src/lib/markdown/sanitizer';
import type { RenderedMarkdown, Sanitizer } from '../../src/lib/markdown/types';
import type { Random } from './seeded-random';

let shared: { window: SanitizerWindow; sanitizer: Sanitizer } | null = null;

/** One jsdom window and sanitizer for a test file (jsdom windows are slow to create). */
export function testDom(): { window: SanitizerWindow; sanitizer: Sanitizer } {
  if (!shared) {
    const window = new JSDOM('<!doctype html><html><body></body></html>')
      .window as unknown as SanitizerWindow;
    shared = { window, sanitizer: createSanitizer(window) };
  }
  return shared;
}

/** The HTML a view shows for a rendered state: blocks then tail. */
export function joinedHtml(rendered: RenderedMarkdown): string {
  return rendered.blocks.map((block) => block.html).join('') + rendered.tailHtml;
}

/** Splits `text` into chunks of 1..maxChunk characters chosen by `random`. */
export function randomChunks(text: string, random: Random, maxChunk: number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(random() * maxChunk);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

const WORDS = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'x',
  'y',
  '1.',
  '-',
  '+',
  '#',
  '|',
  '>',
  '*',
  '_',
  '`',
  '~',
  '<',
  '&',
];
const INLINE = [
  '*em*',
  '**strong**',
  '`code`',
  '[link](https://example.com/a)',
  '[ref]',
  '[Other Ref][]',
  '~~del~~',
  '<b>bold</b>',
  '&amp;',
  '<br>',
  '![pic](https://img.example/p.png)',
  'https://auto.example/x',
  '\\*',
  '**open',
  '$x^2$',
  '$5',
  '\\(a_1 * b\\)',
  '$$\\sum_i i$$',
  '\\$',
];

/** A random markdown document built from block shapes that interact (lists, fences, quotes, tables, HTML). */
export function randomMarkdown(random: Random, blockCount: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = (count: number): string =>
    Array.from({ length: 1 + Math.floor(random() * count) }, () =>
      pick(random() < 0.3 ? INLINE : WORDS),
    ).join(' ');
  const lines = (count: number, prefix = ''): string =>
    Array.from({ length: 1 + Math.floor(random() * count) }, () => prefix + words(6)).join('\n');
  const fence = (indent = ''): string => {
    const mark = pick(['```', '~~~', '````']);
    const body = [pick(['', 'code()', '', '  indented', '```', '~~~~', 'x = 1'])];
    for (let i = 0; i < 3; i++) body.push(pick(['', 'line', '#!/bin/sh', '> not quote', '- not list']));
    const close = random() < 0.1 ? '' : `\n${indent}${mark}${random() < 0.2 ? mark[0] : ''}`;
    return `${indent}${mark}${pick(['', 'js', 'python', 'unknown'])}\n${body.map((l) => indent + l).join('\n')}${close}`;
  };
  const list = (depth: number): string => {
    const ordered = random() < 0.5;
    const items: string[] = [];
    for (let i = 0, n = 1 + Math.floor(random() * 4); i < n; i++) {
      const marker = ordered ? `${random() < 0.7 ? i + 1 : 1}.` : pick(['-', '-', '*']);
      const pad = ' '.repeat(marker.length + 1);
      let item = `${marker} ${random() < 0.15 ? pick(['[ ] ', '[x] ']) : ''}${words(5)}`;
      const extra = random();
      if (extra < 0.2) item += `\n\n${pad}${words(4)}`;
      else if (extra < 0.3 && depth < 2) item += `\n${list(depth + 1).replace(/^/gm, pad)}`;
      else if (extra < 0.38) item += `\n\n${fence(pad)}`;
      else if (extra < 0.45) item += `\n${words(3)}`;
      items.push(item);
    }
    return items.join(random() < 0.4 ? '\n\n' : '\n');
  };
  const blocks: Array<() => string> = [
    () => lines(3),
    () => `${'#'.repeat(1 + Math.floor(random() * 6))} ${words(4)}`,
    () => `${words(3)}\n${pick(['===', '---'])}`,
    () => pick(['---', '***', '___', '- - -']),
    () => fence(),
    () => `    ${words(3)}\n\n    ${words(2)}`,
    () => list(0),
    () => lines(3, pick(['> ', '>'])) + (random() < 0.3 ? `\n${words(2)}` : ''),
    () => `> - ${words(2)}\n> - ${words(2)}`,
    () => `| a | b |\n|${pick(['---|---', ':-|-:', '-'])}|\n| ${words(2)} | c |`,
    () =>
      pick([
        '<div>\nhtml *here*\n</div>',
        '<!-- note\n\nstill -->',
        '<pre>\n\n<b>x</b>\n</pre>',
        '<details>',
      ]),
    () => `[${pick(['ref', 'other ref', 'unused'])}]: https://example.com/${pick(['r', 'o'])}`,
    () => `[${pick(['ref', 'Ref'])}]:\n  https://example.com/t\n  "title\nover lines"`,
    () =>
      pick([
        '<script>\nlet a;\n\nb()\n</script>',
        '<custom-tag a="1">\n\ntext',
        '<?php\n\n?>',
        '<![CDATA[\n\n]]>',
      ]),
    () => `${pick(['1)', '3.', '10.', '2)'])} ${words(3)}\n${pick(['2)', '4.', '11.', '1.'])} ${words(2)}`,
    () => `-\t${words(2)}\n\t${words(2)}\n\n\t\tcode\n-   ${words(2)}`,
    () => `- ${words(2)}\n  > ${words(2)}\n  ${words(2)}\n\n  > ${words(2)}`,
    () => `${words(3)}  \n${words(2)}\\\n${words(2)}\n#\n#tag\n###### six ###`,
    () => `- a\n\n  \`\`\`\n  code\n\n\n  \`\`\`\n- b\n\n      indented code in item`,
    () =>
      `${words(2)} 🌍 é ß ${pick(['&copy;', '&#60;', '&#x3C;', '&nosuch;'])}\n${pick(['=', '-', '==', ' ---', '***'])}`,
    () =>
      pick([
        '$$\n\\frac{a}{b}\n- c\n$$',
        '\\[\nx = 1\n\\]',
        '```math\nE = mc^2\n```',
        '$$ y $$',
        '$$\nopen formula',
        `${words(2)}\n$$\nz\n$$\n${words(2)}`,
      ]),
  ];
  const separators = ['\n\n', '\n\n', '\n', '\n\n\n', '\n  \n'];
  let doc = '';
  for (let i = 0; i < blockCount; i++) doc += (i === 0 ? '' : pick(separators)) + pick(blocks)();
  if (random() < 0.1) doc = doc.replace(/\n/g, '\r\n');
  return random() < 0.5 ? doc + '\n' : doc;
}

/** Documents covering each block type and the boundaries between them (incremental must equal whole). */
export const CORPUS: Record<string, string> = {
  paragraphs:
    'First paragraph with *em* and **strong**\nstill the first paragraph.\n\nSecond one.  \nHard break.\n',
  headings: '# One\n\nText\n\n## Two ##\nSetext one\n===\n\nSetext two\n---\n\n###### Six\n#not a heading\n',
  nestedLists:
    '- a\n  - a.1\n    - a.1.1\n  - a.2\n\n    continued a.2\n- b\n\n  para in b\n\n      code in b\n- c\n\nAfter the list.\n',
  orderedLists:
    '1. one\n2. two\n\n3. three after a blank\n\n10. ten\n11. eleven\n\n1) paren\n2) style\n\nText.\n',
  sameNumberList: '1. first\n1. second\n1. third\n\n1. fourth\n',
  taskList: '- [x] done\n- [ ] todo\n- plain\n',
  blockquotes:
    '> quote line\nlazy continuation\n> - list in quote\n> - more\n\n> second quote\n>\n> > nested\n\nAfter.\n',
  tables:
    '| a | b |\n|:--|--:|\n| 1 | 2 |\n| `x|y` | <br> |\n\nIntro line\n| c | d |\n|---|---|\n| 3 | 4 |\n',
  fenceBlankLines: 'Before\n\n```python\ndef f():\n\n\n    return 1\n```\n\nAfter\n',
  tildeFences: '~~~\ncode with ``` inside\n\n~~~~\n~~~\n\n````md\n```\nnested\n```\n````\n\nEnd\n',
  unclosedFence: 'Text\n\n```js\nconst a = 1;\n\nconst b = 2;\n',
  fenceInList: '1. Step one:\n\n   ```bash\n   npm install\n\n   npm test\n   ```\n\n2. Step two\n',
  indentedCode: 'Para\n\n    code line\n\n\n    more code\n\nPara again\n',
  html: '<div>\n*not emphasis*\n</div>\n\n<!-- a comment\n\nspanning -->\n\n<pre>\n\nraw\n</pre>\n\nText <span>inline</span> and <br> break.\n',
  references:
    'See [the docs] and [other][x].\n\nMore text.\n\n[the docs]: https://example.com/docs "Docs"\n[x]: https://example.com/x\n',
  mixed:
    '# Answer\n\nHere is how:\n\n1. Install:\n   ```sh\n   npm i\n   ```\n2. Run it\n\n> Note: **careful**\n\n| k | v |\n|---|---|\n| a | 1 |\n\n---\n\nDone.',
  crlf: '# Title\r\n\r\nLine one\r\nline two\r\n\r\n```\r\ncode\r\n```\r\n',
  emptyish: '\n\n   \n',
  math: 'Inline $e^{i\\pi}+1=0$, \\(a_1 * b_2\\) and $$x$$; prices $5 and $10.\n\n$$\n\\int_0^1 x\\,dx\n- 1\n$$\n\nText\n\\[ \\sqrt 2 \\]\n\n```math\nx^2\n```\n\n$$\nunclosed\n',
};

const ALLOWED_ELEMENTS = new Set(
  'a blockquote br code del em h1 h2 h3 h4 h5 h6 hr li ol p pre span strong table tbody td th thead tr ul'.split(
    ' ',
  ),
);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'class', 'start', 'align', 'target', 'rel']);
const SAFE_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+|md-[\w-]+|[a-z]+_)$/;

/**
 * Throws unless `html` is inert: only allowlisted elements and attributes, no `on*`/`style`, nothing that loads
 * a resource (no src, srcset, poster, background, data, action ...), links only http(s)/mailto opening in a new
 * tab without opener or referrer, and the only buttons are our copy buttons inside our code frames.
 */
export function assertInert(html: string, window: { document: Document }): void {
  // A detached <div> in a document without scripts or resource loading; getElementsByTagName is much faster
  // than querySelectorAll in jsdom.
  const holder = window.document.createElement('div');
  holder.innerHTML = html;
  for (const element of Array.from(holder.getElementsByTagName('*'))) {
    const tag = element.localName;
    const where = `<${tag}> in ${html.slice(0, 300)}`;
    const isChrome =
      (tag === 'div' && ['md-code', 'md-code-header'].includes(element.className)) ||
      (tag === 'button' && element.matches('.md-code-header > button.copy-code[type="button"][data-copy]'));
    if (!ALLOWED_ELEMENTS.has(tag) && !isChrome) throw new Error(`unexpected element ${where}`);
    for (const { name, value } of Array.from(element.attributes)) {
      const chromeAttribute = isChrome && ['class', 'type', 'data-copy', 'aria-label'].includes(name);
      if (!ALLOWED_ATTRIBUTES.has(name) && !chromeAttribute) throw new Error(`attribute ${name} on ${where}`);
      if (name === 'href' && tag !== 'a') throw new Error(`href outside <a>: ${where}`);
      if (name === 'href' && !/^(?:https?|mailto):/i.test(value))
        throw new Error(`unsafe href ${value}: ${where}`);
      if (name === 'href' && !['http:', 'https:', 'mailto:'].includes(new URL(value).protocol)) {
        throw new Error(`unsafe href ${value}: ${where}`);
      }
      if (name === 'class' && !isChrome) {
        for (const token of value.split(/\s+/))
          if (!SAFE_CLASS.test(token)) throw new Error(`class ${token}: ${where}`);
      }
    }
    if (
      tag === 'a' &&
      (element.getAttribute('target') !== '_blank' ||
        element.getAttribute('rel') !== 'noopener noreferrer nofollow')
    ) {
      throw new Error(`link without target/rel: ${where}`);
    }
  }
}
