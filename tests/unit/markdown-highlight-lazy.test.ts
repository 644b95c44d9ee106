import { describe, expect, it } from 'vitest';
import {
  IncrementalMarkdown,
  highlightCode,
  isHighlighterLoaded,
  loadHighlighter,
  onHighlighterLoaded,
  renderMarkdown,
} from '../../src/lib/markdown';
import { testDom } from './markdown-test-support';

// This file runs in its own module graph, so highlight.js starts out not loaded, as on a fresh page.
const { sanitizer } = testDom();

describe('highlight.js is loaded on demand', () => {
  it('renders code plain until it loads, then highlights the finished blocks that waited', async () => {
    expect(isHighlighterLoaded()).toBe(false);
    expect(highlightCode('const a = 1;', 'js')).toBeNull();
    let notified = 0;
    onHighlighterLoaded(() => (notified += 1));

    const text = '# Title\n\n```js\nconst a = 1;\n```\n\nAfter.\n\nTail';
    const renderer = new IncrementalMarkdown({ sanitizer });
    for (let end = 1; end < text.length; end++) renderer.update(text.slice(0, end));
    const before = renderer.update(text);
    // A renderer out of time re-highlights one waiting block per update once the highlighter is there.
    const threeBlocks = '```js\nlet a;\n```\n\n```js\nlet b;\n```\n\n```js\nlet c;\n```\n';
    // One unit of work per "frame": each update below starts a frame.
    let used = false;
    const budgeted = new IncrementalMarkdown({
      sanitizer,
      budget: { hasTime: () => !used && (used = true) },
    });
    const frameUpdate = (text: string, final = false) => {
      used = false;
      return budgeted.update(text, final);
    };
    const blockLength = threeBlocks.indexOf('```js', 1);
    frameUpdate(threeBlocks.slice(0, blockLength + 1));
    frameUpdate(threeBlocks.slice(0, 2 * blockLength + 1));
    const plain = frameUpdate(threeBlocks, true);
    expect(plain.blocks).toHaveLength(3);
    expect(plain.pending).toBe(false);
    expect(before.blocks).toHaveLength(3);
    expect(before.blocks[1]!.html).toContain('<code class="language-js">const a = 1;\n</code>');
    expect(before.blocks[1]!.html).not.toContain('hljs');
    expect(renderer.update(text)).toBe(before);

    // The renderer started the load when it met the code block; this awaits the same promise.
    await loadHighlighter();
    expect(isHighlighterLoaded()).toBe(true);
    expect(notified).toBe(1);

    const after = renderer.update(text);
    expect(after).not.toBe(before);
    expect(after.blocks[0]).toBe(before.blocks[0]);
    expect(after.blocks[2]).toBe(before.blocks[2]);
    expect(after.blocks[1]!.key).not.toBe(before.blocks[1]!.key);
    expect(after.blocks[1]!.html).toContain(
      '<code class="hljs language-js"><span class="hljs-keyword">const</span>',
    );
    expect(renderMarkdown('```js\nlet b;\n```', { sanitizer })).toContain('hljs-keyword');

    const highlightedCount = (html: readonly { html: string }[]): number =>
      html.filter((block) => block.html.includes('hljs-keyword')).length;
    const steps = [1, 2, 3].map(() => frameUpdate(threeBlocks, true));
    expect(steps.map((step) => highlightedCount(step.blocks))).toEqual([1, 2, 3]);
    expect(steps.map((step) => step.pending)).toEqual([true, true, false]);

    let late = 0;
    onHighlighterLoaded(() => (late += 1));
    expect(late).toBe(1);
  });
});
