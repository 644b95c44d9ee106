import { beforeAll, describe, expect, it } from 'vitest';
import {
  IncrementalMarkdown,
  highlightCode,
  isHighlightable,
  renderMarkdown,
  loadHighlighter,
} from '../../src/lib/markdown';
import { joinedHtml, testDom } from './markdown-test-support';

// Code is highlighted once highlight.js has loaded (on demand, like in the app).
beforeAll(() => loadHighlighter());

const { window, sanitizer } = testDom();
const COPY_BUTTON =
  '<button type="button" class="copy-code" data-copy="" aria-label="Copy code">Copy</button>';

function fragment(html: string): DocumentFragment {
  const template = window.document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

describe('code blocks', () => {
  it('are highlighted, labelled and given a copy button', () => {
    const html = renderMarkdown('```js\nconst answer = 42; // yes\n```\n', { sanitizer });
    expect(html).toBe(
      `<div class="md-code"><div class="md-code-header"><span class="md-code-lang">js</span>${COPY_BUTTON}</div>` +
        '<pre><code class="hljs language-js"><span class="hljs-keyword">const</span> answer = ' +
        '<span class="hljs-number">42</span>; <span class="hljs-comment">// yes</span>\n</code></pre></div>\n',
    );
  });

  it('show unknown languages and plain code escaped, without highlighting', () => {
    const unknown = fragment(renderMarkdown('```brainfuck\n<b>+++</b>\n```', { sanitizer }));
    expect(unknown.querySelector('code')!.className).toBe('language-brainfuck');
    expect(unknown.querySelector('code')!.textContent).toBe('<b>+++</b>\n');
    expect(unknown.querySelector('code span')).toBeNull();
    expect(unknown.querySelector('.md-code-lang')!.textContent).toBe('brainfuck');
    const plain = fragment(renderMarkdown('    indented <code>\n', { sanitizer }));
    expect(plain.querySelector('code')!.hasAttribute('class')).toBe(false);
    expect(plain.querySelector('.md-code-lang')!.textContent).toBe('');
    expect(plain.querySelectorAll('button[data-copy]').length).toBe(1);
  });

  it('keep hostile code as text', () => {
    const code = '</code></pre><img src=x onerror=alert(1)><script>alert(1)</script>';
    const html = renderMarkdown('```html\n' + code + '\n```', { sanitizer });
    const frame = fragment(html);
    expect(frame.querySelector('code')!.textContent).toBe(code + '\n');
    expect(frame.querySelectorAll('img,script').length).toBe(0);
  });

  it('drop a hostile info string instead of turning it into markup', () => {
    const frame = fragment(renderMarkdown('```"><img/src=x/onerror=alert(1)>\nx\n```', { sanitizer }));
    expect(frame.querySelectorAll('img').length).toBe(0);
    // Not a plain language name, so its class is filtered out and the label stays empty.
    expect(frame.querySelector('code')!.hasAttribute('class')).toBe(false);
    expect(frame.querySelector('.md-code-lang')!.textContent).toBe('');
    expect(frame.querySelector('code')!.textContent).toBe('x\n');
  });

  it('in the open tail are plain, framed the same, and highlighted once the fence closes', () => {
    const renderer = new IncrementalMarkdown({ sanitizer });
    const open = renderer.update('Intro\n\n```python\ndef f():\n    return 1\n');
    const tail = fragment(open.tailHtml);
    expect(tail.querySelector('code')!.textContent).toBe('def f():\n    return 1\n');
    expect(tail.querySelector('code span')).toBeNull();
    expect(tail.querySelectorAll('.md-code button[data-copy]').length).toBe(1);
    const closed = renderer.update('Intro\n\n```python\ndef f():\n    return 1\n```\n');
    expect(closed.tailHtml).toBe('');
    const block = fragment(closed.blocks.at(-1)!.html);
    expect(block.querySelector('code.hljs.language-python .hljs-keyword')!.textContent).toBe('def');
  });

  it('stay one block when the fence holds blank lines, shorter fences and the other fence character', () => {
    const doc = 'A\n\n````md\n```\n\n~~~\n\n```\n````\n\nB\n';
    const renderer = new IncrementalMarkdown({ sanitizer });
    let sofar = '';
    for (const char of doc) {
      sofar += char;
      const state = renderer.update(sofar);
      expect(fragment(joinedHtml(state)).querySelectorAll('pre').length).toBeLessThanOrEqual(1);
    }
    const final = fragment(joinedHtml(renderer.update(doc, true)));
    expect(final.querySelectorAll('pre').length).toBe(1);
    expect(final.querySelector('code')!.textContent).toBe('```\n\n~~~\n\n```\n');
  });

  it('register the common languages and their usual aliases', () => {
    const names =
      'js javascript ts typescript tsx python py bash sh zsh shell console json jsonc html xml svg css';
    const more = ' rust rs go golang java c h cpp c++ sql yaml yml markdown md diff patch';
    for (const name of (names + more).split(' ')) expect(isHighlightable(name), name).toBe(true);
    expect(isHighlightable('')).toBe(false);
    expect(isHighlightable('__proto__')).toBe(false);
    expect(highlightCode('x', 'constructor')).toBeNull();
    expect(highlightCode('SELECT 1;', 'sql')).toContain('hljs-keyword');
  });
});
