import { beforeAll, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import {
  IncrementalMarkdown,
  renderMarkdown,
  type RenderedMarkdown,
  type Sanitizer,
  loadHighlighter,
} from '../../src/lib/markdown';
import type { WorkBudget } from '../../src/lib/markdown/work-budget';
import { CORPUS, joinedHtml, randomChunks, randomMarkdown, testDom } from './markdown-test-support';
import { seeded } from './seeded-random';

// Code is highlighted once highlight.js has loaded (on demand, like in the app).
beforeAll(() => loadHighlighter());

/** Block-boundary properties are about lexing; an identity "sanitizer" keeps these runs fast. */
const identity: Sanitizer = { sanitize: (html) => html };

/**
 * A budget with time for one unit of work per frame, and `nextFrame()` to start the next one: with an update
 * per frame, each update takes exactly one slice of new text.
 */
function frames(): WorkBudget & { nextFrame(): void } {
  let used = false;
  return {
    hasTime: () => !used && (used = true),
    nextFrame: () => {
      used = false;
    },
  };
}

/** Calls `update(text, true)` until nothing is pending; fails if that takes more than `limit` calls. */
function finishAll(
  renderer: IncrementalMarkdown,
  text: string,
  budget?: { nextFrame(): void },
  limit = 100_000,
): RenderedMarkdown {
  budget?.nextFrame();
  let result = renderer.update(text, true);
  for (let calls = 1; result.pending; calls++) {
    expect(calls, 'updates needed to finish').toBeLessThan(limit);
    budget?.nextFrame();
    result = renderer.update(text, true);
  }
  return result;
}

function streamed(
  text: string,
  chunks: readonly string[],
  options: { sanitizer: Sanitizer; split?: number; slice?: number },
): string {
  const budget = options.slice === undefined ? undefined : frames();
  const renderer = new IncrementalMarkdown({
    sanitizer: options.sanitizer,
    listSplitThreshold: options.split,
    ...(budget ? { budget, sliceChars: options.slice } : {}),
  });
  let sofar = '';
  for (const chunk of chunks) {
    sofar += chunk;
    budget?.nextFrame();
    renderer.update(sofar);
  }
  expect(sofar).toBe(text);
  return joinedHtml(finishAll(renderer, text, budget));
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

  // Over a budget the renderer takes text in slices, as if it had streamed that way: same end result.
  it('holds when every update takes one small slice (an answer arriving faster than it renders)', () => {
    for (const [name, doc] of Object.entries(CORPUS)) {
      const whole = renderMarkdown(doc, { sanitizer: identity });
      for (const slice of [1, 7, 40]) {
        expect(streamed(doc, [doc], { sanitizer: identity, slice }), `${name}, slice ${slice}`).toBe(whole);
      }
    }
    for (let seed = 1; seed <= 200; seed++) {
      const random = seeded(seed);
      const doc = randomMarkdown(random, 1 + Math.floor(random() * 10));
      const chunks = randomChunks(doc, random, 300);
      const slice = 1 + Math.floor(random() * 60);
      const split = seed % 3 === 0 ? 1500 : 0;
      expect(streamed(doc, chunks, { sanitizer: identity, split, slice }), `seed ${seed}`).toBe(
        renderMarkdown(doc, { sanitizer: identity }),
      );
    }
  });
});

describe('rendering within a budget', () => {
  const { sanitizer } = testDom();
  const longDoc = Object.values(CORPUS).join('\n\n').repeat(4);

  it('spreads a long text arriving at once over several updates, keeping what it rendered', () => {
    const budget = frames();
    const renderer = new IncrementalMarkdown({ sanitizer, budget, sliceChars: 512 });
    let result = renderer.update(longDoc);
    expect(result.pending).toBe(true);
    expect(result.pendingText.length).toBeGreaterThan(0);
    expect(longDoc.replace(/\r\n?/g, '\n').endsWith(result.pendingText)).toBe(true);
    let updates = 1;
    let shownBlocks = result.blocks.length;
    while (result.pending) {
      budget.nextFrame();
      const next = renderer.update(longDoc);
      updates += 1;
      // Earlier finished blocks stay (same objects) unless a later link definition re-rendered them.
      expect(next.blocks.length).toBeGreaterThanOrEqual(shownBlocks);
      expect(next.pendingText.length).toBeLessThan(result.pendingText.length);
      shownBlocks = next.blocks.length;
      result = next;
    }
    expect(updates).toBeGreaterThan(longDoc.length / 1024);
    expect(result.pendingText).toBe('');
    expect(joinedHtml(finishAll(renderer, longDoc, budget))).toBe(renderMarkdown(longDoc, { sanitizer }));
  });

  it('does no work when the budget has no time left: the text waits, and is rendered later', () => {
    let time = false;
    const renderer = new IncrementalMarkdown({ sanitizer, budget: { hasTime: () => time } });
    const waiting = renderer.update('# Title\n\nText', true);
    expect(waiting).toEqual({ blocks: [], tailHtml: '', pending: true, pendingText: '# Title\n\nText' });
    time = true;
    const done = renderer.update('# Title\n\nText', true);
    expect(done.pending).toBe(false);
    expect(joinedHtml(done)).toBe(renderMarkdown('# Title\n\nText', { sanitizer }));
  });

  it('cuts slices at line ends, and never inside a character outside the BMP', () => {
    const lines = 'A paragraph of text\n\n'.repeat(200);
    const budget = frames();
    const renderer = new IncrementalMarkdown({ sanitizer, budget, sliceChars: 100 });
    let updates = 0;
    for (let result = renderer.update(lines); result.pending; result = renderer.update(lines)) {
      const taken = lines.length - result.pendingText.length;
      expect(lines[taken - 1]).toBe('\n');
      budget.nextFrame();
      updates += 1;
    }
    expect(updates).toBeGreaterThan(20);
    const emoji = '😀'.repeat(300);
    const emojiBudget = frames();
    const emojiRenderer = new IncrementalMarkdown({ sanitizer, budget: emojiBudget, sliceChars: 101 });
    let result = emojiRenderer.update(emoji);
    for (; result.pending; result = emojiRenderer.update(emoji)) {
      expect(result.pendingText.startsWith('😀')).toBe(true);
      expect(joinedHtml(result)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
      emojiBudget.nextFrame();
    }
    expect(joinedHtml(finishAll(emojiRenderer, emoji, emojiBudget))).toBe(
      renderMarkdown(emoji, { sanitizer }),
    );
  });

  it('reads a block that cannot finish yet a few times, not once per slice', () => {
    const code = '```ts\n' + 'const river = "brook";\n'.repeat(1000);
    const budget = frames();
    const renderer = new IncrementalMarkdown({ sanitizer, budget, sliceChars: 100 });
    let updates = 1;
    for (let result = renderer.update(code); result.pending; result = renderer.update(code)) {
      budget.nextFrame();
      updates += 1;
    }
    // Each slice is at least as long as the tail: the open block doubles per update (23,006 characters).
    expect(updates).toBeLessThanOrEqual(10);
    expect(joinedHtml(finishAll(renderer, code, budget))).toBe(renderMarkdown(code, { sanitizer }));
  });

  it('renders a text that starts over at once up to renderAtOnceChars, whatever the budget', () => {
    const noTime: WorkBudget = { hasTime: () => false };
    const renderer = new IncrementalMarkdown({ sanitizer, budget: noTime, renderAtOnceChars: 100 });
    const first = renderer.update('{"a": 1', false);
    expect(first.pending).toBe(false);
    expect(joinedHtml(first)).toBe(renderMarkdown('{"a": 1', { sanitizer }));
    // The finished text does not extend the streamed one (a JSON answer pretty-printed at the end).
    const replaced = renderer.update('```json\n{\n  "a": 1\n}\n```\n', true);
    expect(replaced.pending).toBe(false);
    expect(joinedHtml(replaced)).toBe(renderMarkdown('```json\n{\n  "a": 1\n}\n```\n', { sanitizer }));
    // Longer than that: it waits for the budget like any text.
    const long = 'x'.repeat(101);
    expect(renderer.update(long, true)).toMatchObject({ pending: true, pendingText: long, blocks: [] });
  });

  it('is not left pending once there is nothing left to do', () => {
    let time = true;
    const renderer = new IncrementalMarkdown({ sanitizer, budget: { hasTime: () => time } });
    renderer.update('Some text');
    time = false;
    expect(renderer.update('Some text', true).pending).toBe(true); // the finish waits for time
    expect(renderer.update('Some text').pending).toBe(false); // not final after all: nothing waits
  });

  it('keeps going while the budget has time', () => {
    let checks = 3;
    const threeSlices: WorkBudget = { hasTime: () => checks-- > 0 };
    const renderer = new IncrementalMarkdown({ sanitizer, budget: threeSlices, sliceChars: 64 });
    const text = 'word '.repeat(4).trim().concat('\n\n').repeat(20);
    const first = renderer.update(text);
    // Three slices of at most 64 characters, each cut after the last whole paragraph of 21 in it: 63 each.
    expect(text.length - first.pendingText.length).toBe(3 * 63);
    expect(first.pending).toBe(true);
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
    expect(renderer.update('')).toEqual({ blocks: [], tailHtml: '', pending: false, pendingText: '' });
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
