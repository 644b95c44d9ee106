import { highlightCode, highlighterLanguages, loadHighlighter } from './highlight';
import { IncrementalMarkdown } from './incremental';

/**
 * A short answer that uses every kind of block and inline markdown the renderer handles, streamed once
 * through it at idle time (see `warmUpWhenIdle`).
 */
const SAMPLE = [
  '# Heading\n\n## Subheading\n\nA paragraph with **bold**, *italic*, `code`, ~~struck~~ and a [link](https://example.com).\n\n',
  '- item one\n- item two\n  - nested item\n\n1. first\n2. second\n\n- [x] done\n- [ ] open\n\n',
  '> A quote\n> over two lines.\n\n| Column | Other |\n| --- | :---: |\n| cell | `x` |\n\n',
  '```ts\nconst river: string = "brook";\n```\n\n```python\ndef brook():\n    return 1\n```\n\n',
  'Text with a line break  \nand <b>raw html</b>, an ![image](https://example.com/i.png) and a footnote.\n\n---\n',
].join('');

/** A step can take tens of milliseconds: it runs only when the page has that long to spare (no deadline). */
const IDLE_MS_NEEDED = 40;

/** While an answer streams, look again this much later (idle periods then are the answer's gaps). */
const BUSY_RETRY_MS = 500;

/**
 * Runs `callback` in an idle period of at least IDLE_MS_NEEDED while `busy()` is false, waiting as
 * long as that takes.
 */
export function whenIdle(callback: () => void, busy: () => boolean): void {
  if (busy()) {
    setTimeout(() => whenIdle(callback, busy), BUSY_RETRY_MS);
    return;
  }
  if (typeof requestIdleCallback !== 'function') {
    setTimeout(callback, 200);
    return;
  }
  requestIdleCallback((deadline) => {
    if (deadline.timeRemaining() >= IDLE_MS_NEEDED && !busy()) callback();
    else whenIdle(callback, busy);
  });
}

/**
 * Gets the first long answer of a session off to a smooth start. The first use of the markdown code (the
 * engine compiles its regular expressions and functions on first use) and of each highlighted language
 * (highlight.js compiles a grammar on its first use) costs tens of milliseconds; done at idle time after
 * start-up, one step per long idle period, never while `busy()` (an answer streams: a trace of a 50 tok/s
 * answer found 40 ms gaps between its tokens, where the steps took 140 ms of a 5 s answer's 1.2 s of
 * main-thread time), the reader never waits for it. Loads the highlighter first.
 */
export function warmUpWhenIdle(busy: () => boolean = () => false): void {
  whenIdle(() => {
    void loadHighlighter().then(() => {
      const steps: (() => void)[] = highlighterLanguages().map((language) => () => {
        highlightCode('', language);
      });
      steps.push(() => streamSample());
      const next = (): void => {
        steps.shift()?.();
        if (steps.length > 0) whenIdle(next, busy);
      };
      whenIdle(next, busy);
    });
  }, busy);
}

function streamSample(): void {
  const renderer = new IncrementalMarkdown();
  for (let end = 40; end < SAMPLE.length; end += 40) renderer.update(SAMPLE.slice(0, end));
  renderer.update(SAMPLE, true);
}
