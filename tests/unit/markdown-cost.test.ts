import { beforeAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Lexer } from 'marked';
import hljs from 'highlight.js/lib/core';
import { IncrementalMarkdown, renderMarkdown, type Sanitizer, loadHighlighter } from '../../src/lib/markdown';
import { joinedHtml, randomChunks } from './markdown-test-support';
import { seeded } from './seeded-random';

// Code is highlighted once highlight.js has loaded (on demand, like in the app).
beforeAll(() => loadHighlighter());

/** Counts sanitize calls and keeps the HTML as is (cost is about parsing, not DOMPurify). */
function countingSanitizer(): Sanitizer & { calls: number } {
  const sanitizer = {
    calls: 0,
    sanitize(html: string): string {
      sanitizer.calls += 1;
      return html;
    },
  };
  return sanitizer;
}

/** A long answer: `sections` sections, each with a unique marker word, a paragraph, a code block and a list. */
function longAnswer(sections: number): string {
  let text = '';
  for (let i = 0; i < sections; i++) {
    text +=
      `## Section marker${i}x\n\nSome explanation with **bold** and \`code\` for marker${i}x.\n\n` +
      `\`\`\`js\nconst value${i} = compute(${i});\n\nconsole.log(value${i});\n\`\`\`\n\n` +
      `- point one of marker${i}x\n- point two\n\n`;
  }
  return text + 'Done.';
}

interface StreamStats {
  /** Characters handed to the lexer during each update. */
  lexedPerUpdate: number[];
  /** Sources lexed during each update. */
  sourcesPerUpdate: string[][];
  highlights: number;
}

function streamWithSpies(text: string, renderer: IncrementalMarkdown, maxChunk: number): StreamStats {
  const lex = vi.spyOn(Lexer.prototype, 'lex');
  const highlight = vi.spyOn(hljs, 'highlight');
  const stats: StreamStats = { lexedPerUpdate: [], sourcesPerUpdate: [], highlights: 0 };
  let sofar = '';
  for (const chunk of randomChunks(text, seeded(text.length), maxChunk)) {
    sofar += chunk;
    lex.mockClear();
    renderer.update(sofar);
    const sources = lex.mock.calls.map(([src]) => src);
    stats.sourcesPerUpdate.push(sources);
    stats.lexedPerUpdate.push(sources.reduce((sum, src) => sum + src.length, 0));
  }
  stats.highlights = highlight.mock.calls.length;
  return stats;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('cost per update does not grow with the answer', () => {
  it('never lexes a finished block again', () => {
    const text = longAnswer(40);
    const renderer = new IncrementalMarkdown({ sanitizer: countingSanitizer() });
    const stats = streamWithSpies(text, renderer, 16);
    // Once section i's closing list is finished (section i+1's heading has begun), marker i must not be lexed.
    const lastSeen = new Map<number, number>();
    stats.sourcesPerUpdate.forEach((sources, update) => {
      for (const src of sources)
        for (const match of src.matchAll(/marker(\d+)x/g)) lastSeen.set(Number(match[1]), update);
    });
    const firstSeen = (i: number): number =>
      stats.sourcesPerUpdate.findIndex((s) => s.some((src) => src.includes(`marker${i}x`)));
    for (let i = 0; i < 38; i++) {
      // Section i is last lexed before section i+2 begins: at most one section's worth of updates later.
      expect(lastSeen.get(i)!, `marker${i}x`).toBeLessThan(firstSeen(i + 2));
    }
  });

  it('lexes about the same amount per update for a 4x longer answer', () => {
    const short = streamWithSpies(
      longAnswer(10),
      new IncrementalMarkdown({ sanitizer: countingSanitizer() }),
      16,
    );
    const long = streamWithSpies(
      longAnswer(40),
      new IncrementalMarkdown({ sanitizer: countingSanitizer() }),
      16,
    );
    const max = (values: number[]): number => Math.max(...values);
    const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    expect(long.lexedPerUpdate.length).toBeGreaterThan(3.5 * short.lexedPerUpdate.length);
    expect(max(long.lexedPerUpdate)).toBeLessThanOrEqual(max(short.lexedPerUpdate) * 1.1);
    expect(mean(long.lexedPerUpdate)).toBeLessThan(mean(short.lexedPerUpdate) * 1.25);
    // And far less than the answer: a whole re-parse per update would lex all of it.
    expect(max(long.lexedPerUpdate)).toBeLessThan(longAnswer(40).length / 10);
  });

  it('highlights each code block once while streaming, and sanitizes once per block plus the tail', () => {
    const text = longAnswer(12);
    const sanitizer = countingSanitizer();
    const renderer = new IncrementalMarkdown({ sanitizer });
    const stats = streamWithSpies(text, renderer, 16);
    expect(stats.highlights).toBe(12);
    const blocks = renderer.update(text).blocks.length;
    expect(sanitizer.calls).toBe(stats.lexedPerUpdate.length + blocks);
  });

  it('lexes a growing long list only from its last finished item (default threshold)', () => {
    const items = Array.from(
      { length: 200 },
      (_, i) => `${i + 1}. Item ${i} explains something useful here.\n`,
    );
    const text = `Steps:\n\n${items.join('')}\nThe end.\n`;
    const renderer = new IncrementalMarkdown({ sanitizer: countingSanitizer() });
    const stats = streamWithSpies(text, renderer, 12);
    const big = stats.lexedPerUpdate.filter((chars) => chars > 2500);
    // Only the update that ends the list lexes it whole (once, to render it as one list).
    expect(big.length).toBeLessThanOrEqual(2);
    expect(joinedHtml(renderer.update(text, true))).toBe(
      renderMarkdown(text, { sanitizer: { sanitize: (h) => h } }),
    );
  });
});
