import { describe, expect, it } from 'vitest';
import { IncrementalMarkdown, renderMarkdown } from '../../src/lib/markdown';
import { paragraphCut } from '../../src/lib/markdown/paragraph-parts';
import { joinedHtml, randomChunks, testDom } from './markdown-test-support';
import { seeded } from './seeded-random';

const { sanitizer, window } = testDom();

/** The text a reader sees in `html`, each element's text on its own (so parts joined read as one). */
function shownText(html: string): string {
  const container = window.document.createElement('div');
  container.innerHTML = html;
  return (container.textContent ?? '').replace(/\s+/g, '');
}

function paragraphsOf(html: string): Element[] {
  const container = window.document.createElement('div');
  container.innerHTML = html;
  return Array.from(container.children);
}

/** Streams `text` in random chunks; returns the final HTML and the longest tail any update rendered. */
function stream(text: string, limit: number, seed = 7) {
  const renderer = new IncrementalMarkdown({ sanitizer, paragraphPartChars: limit });
  let sofar = '';
  let longestTail = 0;
  for (const chunk of randomChunks(text, seeded(seed), 300)) {
    sofar += chunk;
    longestTail = Math.max(longestTail, renderer.update(sofar).tailHtml.length);
  }
  return { html: joinedHtml(renderer.update(text, true)), longestTail };
}

describe('paragraphCut', () => {
  it('cuts just after a space in the last quarter of the limit, so words stay whole', () => {
    const text = `${'word '.repeat(40)}end`;
    const cut = paragraphCut(text, 100);
    expect(cut).not.toBeNull();
    expect(cut!).toBeLessThanOrEqual(100);
    expect(cut!).toBeGreaterThanOrEqual(75);
    expect(text[cut! - 1]).toBe(' ');
    expect(text.slice(cut!, cut! + 4)).toBe('word');
  });

  it('cuts text without spaces at the limit', () => {
    expect(paragraphCut('x'.repeat(1000), 100)).toBe(100);
  });

  it('never leaves the rest starting a heading, list, quote, fence, table, HTML or math, or half a surrogate', () => {
    for (const start of [
      '# h',
      '- item',
      '+ item',
      '* item',
      '1. item',
      '12) item',
      '> quote',
      '```',
      '~~~',
      '<div>',
      '$$',
      '\\[',
      '[a]: /x',
      '=',
      '_',
    ]) {
      const text = `${'a'.repeat(99)} ${start} ${'b'.repeat(50)}`;
      const cut = paragraphCut(text, 101);
      expect(cut === null || !text.slice(cut).startsWith(start), start).toBe(true);
    }
    const piped = `${'a'.repeat(99)} c | d ${'e'.repeat(10)}\n${'f'.repeat(60)}`;
    const pipeCut = paragraphCut(piped, 105);
    expect(pipeCut === null || pipeCut > piped.indexOf('|')).toBe(true);
    const emoji = '😀'.repeat(100);
    const cut = paragraphCut(emoji, 101);
    expect(cut! % 2).toBe(0);
  });

  it('finds nothing when no place in the second half starts safely', () => {
    expect(paragraphCut(`${'a'.repeat(40)}${'-'.repeat(200)}`, 100)).toBeNull();
  });
});

describe('IncrementalMarkdown with paragraphPartChars', () => {
  it('streams a paragraph far longer than the limit in parts: the same text, a bounded tail', () => {
    const text = `Intro paragraph.\n\n${'lorem ipsum dolor sit amet '.repeat(2000)}**bold end**\n\n## After\n\n- one\n- two\n`;
    const { html, longestTail } = stream(text, 2048);
    expect(shownText(html)).toBe(shownText(renderMarkdown(text, { sanitizer })));
    // Each update renders about one part and the chunks since, not the whole 54 KB paragraph.
    expect(longestTail).toBeLessThan(2 * 2048 + 600);
    const elements = paragraphsOf(html);
    const parts = elements.filter((element) => element.classList.contains('md-paragraph-part'));
    expect(parts.length).toBeGreaterThan(20);
    for (const part of parts) expect(part.outerHTML.length).toBeLessThan(2048 + 64);
    // The paragraph's last part is an ordinary paragraph (markup in it still works), and what follows is intact.
    const afterParts = elements[elements.indexOf(parts.at(-1)!) + 1]!;
    expect(afterParts.tagName).toBe('P');
    expect(afterParts.querySelector('strong')?.textContent).toBe('bold end');
    expect(elements.at(-2)?.outerHTML).toBe('<h2>After</h2>');
    expect(elements.at(-1)?.querySelectorAll('li')).toHaveLength(2);
  });

  it('cuts one huge word (no spaces, no newlines) into parts of at most the limit', () => {
    const text = 'x'.repeat(50_000);
    const { html, longestTail } = stream(text, 4096, 3);
    expect(shownText(html)).toBe(text);
    expect(longestTail).toBeLessThan(2 * 4096 + 600);
    expect(paragraphsOf(html).filter((p) => p.classList.contains('md-paragraph-part')).length).toBe(12);
  });

  it('leaves paragraphs up to the limit, and every other block, as a whole-document render has them', () => {
    const text = `${'short words here '.repeat(100)}\n\n\`\`\`\n${'code '.repeat(2000)}\n\`\`\`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n`;
    expect(stream(text, 4096).html).toBe(renderMarkdown(text, { sanitizer }));
  });
});
