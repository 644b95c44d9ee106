import { beforeAll, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { IncrementalMarkdown, renderMarkdown, type Sanitizer, loadHighlighter } from '../../src/lib/markdown';
import { CORPUS, joinedHtml, randomChunks, randomMarkdown, testDom } from './markdown-test-support';
import { seeded } from './seeded-random';

// Code is highlighted once highlight.js has loaded (on demand, like in the app).
beforeAll(() => loadHighlighter());

/** Block-boundary properties are about lexing; an identity "sanitizer" keeps these runs fast. */
const identity: Sanitizer = { sanitize: (html) => html };

function streamed(
  text: string,
  chunks: readonly string[],
  options: { sanitizer: Sanitizer; split?: number },
): string {
  const renderer = new IncrementalMarkdown({
    sanitizer: options.sanitizer,
    listSplitThreshold: options.split,
  });
  let sofar = '';
  for (const chunk of chunks) {
    sofar += chunk;
    renderer.update(sofar);
  }
  expect(sofar).toBe(text);
  return joinedHtml(renderer.update(text, true));
}

describe('incremental rendering equals a whole-document parse', () => {
  for (const [name, doc] of Object.entries(CORPUS)) {
    it(`${name}: character by character, with and without list splitting`, () => {
      const whole = renderMarkdown(doc, { sanitizer: identity });
      for (const split of [0, 1500]) {
        expect(streamed(doc, [...doc], { sanitizer: identity, split })).toBe(whole);
      }
    });

    it(`${name}: random chunks, sanitized`, () => {
      const { sanitizer } = testDom();
      const whole = renderMarkdown(doc, { sanitizer });
      const random = seeded(name.length * 7919);
      for (let run = 0; run < 3; run++) {
        expect(streamed(doc, randomChunks(doc, random, 12), { sanitizer, split: run === 0 ? 0 : 1500 })).toBe(
          whole,
        );
      }
    });
  }

  it('holds for 400 seeded random documents in random chunks', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = seeded(seed);
      const doc = randomMarkdown(random, 1 + Math.floor(random() * 10));
      const whole = renderMarkdown(doc, { sanitizer: identity });
      const chunks = randomChunks(doc, random, seed % 2 === 0 ? 2 : 24);
      expect(
        streamed(doc, chunks, { sanitizer: identity, split: seed % 3 === 0 ? 1500 : 0 }),
        `seed ${seed}`,
      ).toBe(whole);
    }
  });
});

describe('what the reader sees while streaming', () => {
  const { window } = testDom();
  const parse = (html: string): HTMLTemplateElement => {
    const template = window.document.createElement('template');
    template.innerHTML = html;
    return template;
  };
  const text = (html: string): string => (parse(html).content.textContent ?? '').replace(/\s+/g, ' ').trim();
  const count = (html: string, selector: string): number =>
    parse(html).content.querySelectorAll(selector).length;

  // Differences by design, only while streaming: code in the tail is not highlighted yet, a long list shows as
  // parts (`md-list-part`, numbering continued with `start`), a reference whose definition is still in the tail
  // stays unresolved. The text and the structure a reader sees are the same as a full parse of what arrived.
  it('has the same text and the same structure as a full parse of the prefix, at every update', () => {
    const { sanitizer } = testDom();
    for (const [name, doc] of Object.entries(CORPUS)) {
      if (name === 'references') continue;
      const renderer = new IncrementalMarkdown({ sanitizer, listSplitThreshold: 40 });
      const random = seeded(name.length);
      let sofar = '';
      for (const chunk of randomChunks(doc, random, 9)) {
        sofar += chunk;
        const shown = joinedHtml(renderer.update(sofar));
        const whole = renderMarkdown(sofar, { sanitizer });
        expect(text(shown), `${name} at ${sofar.length}`).toBe(text(whole));
        for (const selector of ['li', 'pre', 'table', 'h1,h2,h3,h4,h5,h6', 'blockquote', 'a', 'button']) {
          expect(count(shown, selector), `${name} ${selector} at ${sofar.length}`).toBe(
            count(whole, selector),
          );
        }
      }
    }
  });

  it('shows a long list in parts that continue the numbering', () => {
    const items = Array.from({ length: 30 }, (_, i) => `1. item ${i + 1} with some words`).join('\n');
    const renderer = new IncrementalMarkdown({ sanitizer: testDom().sanitizer, listSplitThreshold: 100 });
    const state = renderer.update(`${items}\n`);
    const parts = parse(joinedHtml(state)).content.querySelectorAll('ol');
    expect(parts.length).toBeGreaterThan(1);
    let next = 1;
    for (const part of Array.from(parts)) {
      expect(part.classList.contains('md-list-part')).toBe(true);
      expect(Number(part.getAttribute('start') ?? '1')).toBe(next);
      next += part.querySelectorAll(':scope > li').length;
    }
    expect(next - 1).toBe(30);
    const final = joinedHtml(renderer.update(`${items}\n`, true));
    expect(count(final, 'ol')).toBe(1);
    expect(final).toBe(renderMarkdown(`${items}\n`, { sanitizer: testDom().sanitizer }));
  });
});

describe('IncrementalMarkdown API', () => {
  const { sanitizer } = testDom();

  it('keeps finished blocks (same key, same object) while the tail grows', () => {
    const renderer = new IncrementalMarkdown({ sanitizer });
    renderer.update('# Title\n\nFirst');
    const first = renderer.update('# Title\n\nFirst paragraph.\n\nSecond');
    expect(first.blocks.map((block) => block.html)).toEqual([
      '<h1>Title</h1>\n',
      '<p>First paragraph.</p>\n',
    ]);
    expect(first.tailHtml).toBe('<p>Second</p>\n');
    const second = renderer.update('# Title\n\nFirst paragraph.\n\nSecond paragraph grows');
    expect(second.blocks).toEqual(first.blocks);
    second.blocks.forEach((block, i) => expect(block).toBe(first.blocks[i]));
    expect(second.tailHtml).toBe('<p>Second paragraph grows</p>\n');
  });

  it('returns the same result object when nothing changed', () => {
    const renderer = new IncrementalMarkdown({ sanitizer });
    const a = renderer.update('Hello\n\nWorld');
    expect(renderer.update('Hello\n\nWorld')).toBe(a);
    const done = renderer.update('Hello\n\nWorld', true);
    expect(done.tailHtml).toBe('');
    expect(renderer.update('Hello\n\nWorld', true)).toBe(done);
    expect(renderer.update('Hello\n\nWorld')).toBe(done);
  });

  it('starts over when the text does not extend the previous text', () => {
    const renderer = new IncrementalMarkdown({ sanitizer });
    const before = renderer.update('# One\n\nAlpha\n\nBeta');
    const after = renderer.update('# Two\n\nGamma');
    expect(joinedHtml(after)).toBe('<h1>Two</h1>\n<p>Gamma</p>\n');
    const oldKeys = new Set(before.blocks.map((block) => block.key));
    expect(after.blocks.some((block) => oldKeys.has(block.key))).toBe(false);
  });

  it('starts over when text is appended after the final update', () => {
    const renderer = new IncrementalMarkdown({ sanitizer });
    renderer.update('Some text', true);
    const more = renderer.update('Some text that goes on', true);
    expect(joinedHtml(more)).toBe('<p>Some text that goes on</p>\n');
  });

  it('reset() forgets everything', () => {
    const renderer = new IncrementalMarkdown({ sanitizer });
    renderer.update('# A\n\nB\n\nC');
    renderer.reset();
    expect(joinedHtml(renderer.update('Z', true))).toBe('<p>Z</p>\n');
  });

  it('normalizes \\r\\n even when split between two updates', () => {
    const renderer = new IncrementalMarkdown({ sanitizer });
    renderer.update('# Title\r');
    renderer.update('# Title\r\n\r');
    const result = renderer.update('# Title\r\n\r\nText\r\n', true);
    expect(joinedHtml(result)).toBe(renderMarkdown('# Title\n\nText\n', { sanitizer }));
  });

  it('renders an earlier block again when a later definition resolves its reference', () => {
    const renderer = new IncrementalMarkdown({ sanitizer });
    const doc = 'Read [the guide].\n\nMiddle.\n\n[the guide]: https://example.com/guide\n\nEnd.\n';
    let sofar = '';
    const keysOfFirst = new Set<string>();
    for (const char of doc) {
      sofar += char;
      const first = renderer.update(sofar).blocks[0];
      if (first) keysOfFirst.add(first.key);
    }
    const final = renderer.update(doc, true);
    expect(final.blocks[0]!.html).toContain('<a href="https://example.com/guide"');
    expect(keysOfFirst.size).toBe(2);
    expect(joinedHtml(final)).toBe(renderMarkdown(doc, { sanitizer }));
  });

  it('renders nothing for empty or blank text', () => {
    const renderer = new IncrementalMarkdown({ sanitizer });
    expect(renderer.update('')).toEqual({ blocks: [], tailHtml: '' });
    expect(joinedHtml(renderer.update('  \n\n', true))).toBe('');
    expect(renderMarkdown('', { sanitizer })).toBe('');
  });

  it('uses the window sanitizer by default and says so when there is none', () => {
    expect(() => new IncrementalMarkdown().update('x')).toThrow(/createSanitizer/);
    expect(() => renderMarkdown('x')).toThrow(/createSanitizer/);
    const window = new JSDOM('').window;
    const globals = globalThis as { window?: unknown };
    globals.window = window;
    try {
      expect(renderMarkdown('*x*')).toBe('<p><em>x</em></p>\n');
    } finally {
      delete globals.window;
    }
  });
});
