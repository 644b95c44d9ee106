/**
 * A runaway answer: one 50 MB token with no spaces or newlines, streamed by the Ollama emulator into the
 * real app, then the page reloaded with that conversation open (start-up). The longest task and frame of
 * each phase, until the answer's drawn part (the first 1,048,576 characters) is all on screen.
 */
import { test, type Page } from '@playwright/test';
import { startOllamaEmulator } from '../../tests/emulators/ollama-emulator';
import { openAppPage, pressSend, typeQuestion } from '../lib/app';
import { probe, type FrameSummary } from '../lib/page-probe';
import { writePart } from '../lib/parts';
import { BENCH } from '../lib/settings';
import { summarize } from '../lib/stats';

const LENGTH = BENCH.quick ? 10_000_000 : 50_000_000;
const SHOWN = 1_048_576;
const CAP_MS = 120_000;

/** Polled 4 times a second: the complete answer shows its drawn part whole, and the note after it. */
function drawn(page: Page): Promise<unknown> {
  return page.waitForFunction(
    (shown) => {
      const body = document.querySelector(
        'article[data-role="assistant"][data-status="complete"] [data-testid="answer-body"]',
      );
      if (!body?.querySelector('[data-testid="display-cut"]')) return false;
      if (body.querySelector('[data-testid="unrendered-text"]')) return false;
      let length = 0;
      for (const child of body.querySelectorAll('.markdown > :not(.md-display-cut)'))
        length += (child.textContent ?? '').length;
      return length >= shown;
    },
    SHOWN,
    { polling: 250, timeout: CAP_MS },
  );
}

interface Phase {
  maxLongtaskMs: number;
  maxLoafMs: number;
  maxFrameMs: number;
  ms: number;
}

function phase(frames: FrameSummary): Phase {
  return {
    maxLongtaskMs: frames.maxLongtaskMs,
    maxLoafMs: frames.maxLoafMs,
    maxFrameMs: frames.maxFrameMs,
    ms: frames.windowMs,
  };
}

test('a runaway answer: one 50 MB token, streamed and reopened at start-up', async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  const ollama = await startOllamaEmulator();
  const streamed: Phase[] = [];
  const reopened: Phase[] = [];
  try {
    for (let round = 0; round < BENCH.rounds; round++) {
      const app = await openAppPage(browser, { ollama: ollama.url });
      try {
        const { page } = app;
        ollama.script({ tokens: ['x'.repeat(LENGTH)], burst: true });
        await typeQuestion(page, 'Say x, a lot.');
        await probe.startFrames(page);
        await pressSend(page);
        await drawn(page);
        streamed.push(phase(await probe.stopFrames(page)));
        // Start-up: recording starts once the document exists (before the app's script has run).
        await page.reload({ waitUntil: 'commit' });
        await page.waitForFunction(() => '__benchFrames' in window);
        await probe.startFrames(page);
        await drawn(page);
        reopened.push(phase(await probe.stopFrames(page)));
      } finally {
        await app.close();
      }
    }
  } finally {
    await ollama.close();
  }
  const summary = (phases: Phase[]) => ({
    maxLongtaskMs: summarize(phases.map((p) => p.maxLongtaskMs)),
    maxLoafMs: summarize(phases.map((p) => p.maxLoafMs)),
    maxFrameMs: summarize(phases.map((p) => p.maxFrameMs)),
    ms: summarize(phases.map((p) => p.ms)),
  });
  writePart('runaway', {
    length: LENGTH,
    shown: SHOWN,
    method:
      'one token of LENGTH "x" (Ollama emulator, one write) into the real app; frames and long tasks from the page probe until the drawn part is all on screen; then the page reloaded with the conversation open',
    streamed: summary(streamed),
    reopened: summary(reopened),
  });
});
