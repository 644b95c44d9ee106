/**
 * Memory: the main thread's JS heap (after a forced GC, via CDP) and DOM size in the real app,
 * empty, after one conversation of about 100,000 streamed tokens (answers of the long markdown
 * answer, each streamed in a burst), and after leaving that conversation for a new chat; then that
 * conversation opened again from the sidebar, and scrolled from its end to its top.
 */
import { test, type CDPSession, type Page } from '@playwright/test';
import { startOllamaEmulator } from '../../tests/emulators/ollama-emulator';
import { newChat, openAppPage, pressSend, typeQuestion, waitForComplete } from '../lib/app';
import { markdownTokens } from '../lib/markdown-corpus';
import { probe } from '../lib/page-probe';
import { rendererPssMiB } from '../lib/process-memory';
import { writePart } from '../lib/parts';
import { BENCH } from '../lib/settings';
import { round } from '../lib/stats';

interface HeapFigures {
  usedHeapMiB: number;
  totalHeapMiB: number;
  domNodes: number;
  jsEventListeners: number;
}

const MiB = 2 ** 20;

async function heapAfterGc(cdp: CDPSession): Promise<HeapFigures> {
  // Two collections: the first can leave objects that only the second finds unreachable.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return {
    usedHeapMiB: round(heap.usedSize / MiB, 2),
    totalHeapMiB: round(heap.totalSize / MiB, 2),
    domNodes: dom.nodes,
    jsEventListeners: dom.jsEventListeners,
  };
}

/**
 * Opens the long conversation again from the sidebar (a click made inside the page, so the time
 * starts at the click itself): until its last answer is on screen, and the longest frame meanwhile.
 */
async function reopenConversation(page: Page, lastMarker: string) {
  await probe.arm(page, 'text', lastMarker);
  await probe.startFrames(page);
  const clickedAt = await page.evaluate(() => {
    const item = [...document.querySelectorAll('[data-testid="conversation-item"]')].find((li) =>
      li.textContent?.includes('Long answer number 1'),
    );
    const at = performance.timeOrigin + performance.now();
    item?.querySelector<HTMLButtonElement>('button.open')?.click();
    return at;
  });
  const painted = await probe.painted(page, lastMarker, 60_000);
  const frames = await probe.stopFrames(page);
  return {
    shownMs: painted === null ? null : round(painted.frameAt - clickedAt, 1),
    maxLoafMs: round(frames.maxLoafMs, 1),
    maxLongtaskMs: round(frames.maxLongtaskMs, 1),
  };
}

/**
 * Scrolls the open conversation from its end to its top, 400 px per animation frame (as a fast wheel or a
 * flick does), and returns the frames meanwhile. The scrolling runs in the page, one step per frame.
 */
async function scrollUp(page: Page) {
  await probe.startFrames(page);
  const steps = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const scroller = document.querySelector<HTMLElement>('main .scroller');
        if (!scroller) return resolve(0);
        scroller.scrollTop = scroller.scrollHeight;
        let count = 0;
        const step = (): void => {
          if (scroller.scrollTop <= 0 || count >= 5_000) return resolve(count);
          scroller.scrollTop -= 400;
          count += 1;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
  const frames = await probe.stopFrames(page);
  return {
    steps,
    maxLoafMs: round(frames.maxLoafMs, 1),
    loafOver50: frames.loafOver50,
    maxLongtaskMs: round(frames.maxLongtaskMs, 1),
    maxFrameMs: round(frames.maxFrameMs, 1),
    p99FrameMs: round(frames.p99FrameMs, 1),
  };
}

test('memory: a 100,000-token conversation, then a new chat', async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  const ollama = await startOllamaEmulator();
  const app = await openAppPage(browser, { ollama: ollama.url });
  try {
    const { page } = app;
    const cdp = await app.context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    // A first answer with a code block loads the lazily loaded parts (worker, provider, code
    // highlighter), so what remains after the new chat is the conversation's, not theirs.
    ollama.script({ tokens: ['Warm', ' up', ':', '\n\n```ts\nconst river = 1;\n```\n'] });
    await typeQuestion(page, 'Warm up.');
    await pressSend(page);
    await waitForComplete(page, 20_000);
    await newChat(page);
    const empty = await heapAfterGc(cdp);
    const pssEmpty = await rendererPssMiB(browser);
    let streamed = 0;
    for (let answer = 0; answer < BENCH.memoryAnswers; answer += 1) {
      const tokens = markdownTokens(BENCH.longAnswerTokens, `Endmark${answer}`);
      ollama.script({ tokens, burst: true });
      await typeQuestion(page, `Long answer number ${answer + 1}, please.`);
      await pressSend(page);
      await waitForComplete(page, 120_000);
      streamed += tokens.length;
    }
    const full = await heapAfterGc(cdp);
    const pssFull = await rendererPssMiB(browser);
    await newChat(page);
    const closed = await heapAfterGc(cdp);
    const pssClosed = await rendererPssMiB(browser);
    const reopen = await reopenConversation(page, `Endmark${BENCH.memoryAnswers - 1}`);
    const scroll = await scrollUp(page);
    // The page's renderer is the one that grew most during the conversation.
    const pageRenderer = Object.keys(pssFull)
      .map(Number)
      .sort((a, b) => (pssFull[b] ?? 0) - (pssEmpty[b] ?? 0) - ((pssFull[a] ?? 0) - (pssEmpty[a] ?? 0)))[0];
    const pss = (sample: Record<number, number>) =>
      pageRenderer === undefined ? Number.NaN : (sample[pageRenderer] ?? Number.NaN);
    writePart('memory', {
      method:
        'after a warm-up answer and a new chat; CDP HeapProfiler.collectGarbage ×2, then Runtime.getHeapUsage (main thread JS heap), Memory.getDOMCounters, and the page renderer process PSS (/proc/PID/smaps_rollup)',
      answers: BENCH.memoryAnswers,
      tokensStreamed: streamed,
      empty: { ...empty, rendererPssMiB: pss(pssEmpty) },
      afterConversation: { ...full, rendererPssMiB: pss(pssFull) },
      afterNewChat: { ...closed, rendererPssMiB: pss(pssClosed) },
      reopen,
      scroll,
      growthMiB: round(full.usedHeapMiB - empty.usedHeapMiB, 2),
      retainedAfterNewChatMiB: round(closed.usedHeapMiB - empty.usedHeapMiB, 2),
    });
  } finally {
    await app.close();
    await ollama.close();
  }
});
