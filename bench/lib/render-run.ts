/**
 * One sustained-rendering run: the Ollama emulator streams a long markdown answer (burst, one
 * write per token, or a fixed rate) into either the real app or a baseline harness page, while
 * the page probe records frames and long animation frames and CDP counts main-thread task time.
 */
import { expect, type Browser, type CDPSession, type Page } from '@playwright/test';
import { loadavg } from 'node:os';
import type { HttpEmulatorHandle } from '../../tests/emulators/http-base';
import type { Scenario, TokenWriteMarks } from '../../tests/emulators/scenario';
import type { RenderMode, RenderOutcome, RenderRun } from '../harness/messages';
import { MODELS, newChat, openAppPage, pressSend, typeQuestion, waitForComplete } from './app';
import { corpusTokens, type CorpusKind } from './markdown-corpus';
import { probe, type FrameSummary } from './page-probe';

/** How the emulator writes: everything at once, one write per token, or a steady rate. */
export type Pacing = { kind: 'burst' } | { kind: 'per-token' } | { kind: 'rate'; tokensPerSecond: number };

export interface RenderVariant {
  name: string;
  target: 'app' | RenderMode;
  tokens: number;
  pacing: Pacing;
  /** App only: skip the code block in the warm-up, so the code highlighter loads during the measured answer. */
  coldHighlighter?: boolean;
  /** Which answer streams (markdown unless said). */
  corpus?: CorpusKind;
}

export interface RenderSample extends FrameSummary {
  /** App only: the longest animation frame while the first (warm-up) question of a fresh page was sent and answered. */
  firstSendMaxLoafMs?: number;
  /** The machine's 1-minute load average when the run ended (2 cores: above ~2 means others compete). */
  load1m: number;
  tokens: number;
  /** Tokens on screen (all of them unless a capped baseline stopped early). */
  tokensShown: number;
  capped: boolean;
  /** Tokens shown per second, from the first token written to the frame showing the last one shown. */
  renderedTokPerS: number;
  /** How long after the last token was written it was on screen. */
  endLagMs: number;
  /** App only: from the last token on screen to the saved, complete answer drawn. */
  handoverMs?: number;
  /** App only: the longest animation frame that started after the last token was on screen (the handover). */
  handoverMaxLoafMs?: number;
  /** App, diagram answer: from the last token on screen to the last diagram drawn (frames are recorded until then). */
  diagramsDrawnMs?: number;
  /** Main-thread task time (CDP Performance TaskDuration) over the run, and per 1,000 tokens shown. */
  busyMs: number;
  busyMsPer1kTokens: number;
  /** Share (0..1) of the main thread that was busy over the run's window (busy ÷ wall time). */
  busyShare: number;
  error?: string;
}

function pacingScenario(pacing: Pacing): Partial<Scenario> {
  if (pacing.kind === 'burst') return { burst: true };
  if (pacing.kind === 'per-token') return { tokenDelayMs: 0 };
  return { tokensPerSecond: pacing.tokensPerSecond };
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
}

const COMPLETE = 'article[data-role="assistant"][data-status="complete"]';
/** A diagram still being drawn in the diagram frame. */
const DRAWING = '.md-diagram-status';
/** What shows that an answer of each kind rendered as such: a typeset formula, a drawn diagram. */
const RENDERED: Record<CorpusKind, string | null> = {
  markdown: null,
  math: '.katex',
  diagrams: '.md-diagram-image',
};

async function runInApp(page: Page, endMarker: string, capMs: number) {
  await probe.arm(page, 'text', endMarker);
  await probe.arm(page, 'selector', COMPLETE);
  await pressSend(page);
  const shown = await probe.painted(page, endMarker, capMs);
  const complete = await probe.painted(page, COMPLETE, capMs);
  return { shown, complete };
}

/** What the warm-up answer holds besides text, so the lazily loaded code the measured answer needs is in. */
function warmUpExtras(variant: RenderVariant): string[] {
  const code = variant.coldHighlighter ? [] : ['\n\n```ts\n', 'const river = 1;\n', '```\n'];
  if (variant.corpus === 'math') return [...code, '\n\nA formula: ', '$e^{i', '\\pi} + 1 = 0$', '.\n'];
  if (variant.corpus === 'diagrams')
    return [...code, '\n\n```mermaid\n', 'flowchart LR\n', '  A --> B\n', '```\n'];
  return code;
}

/**
 * A short first exchange in the fresh page, then a new chat: the measured answer then runs on
 * warm code, as every answer after a session's first does (the lazily loaded highlighter, KaTeX
 * or diagram frame the answer needs is in too). Returns the longest animation frame of that
 * first exchange (the cost of the first send, when the code is still cold).
 */
async function warmUp(page: Page, ollama: HttpEmulatorHandle, variant: RenderVariant): Promise<number> {
  ollama.script({ tokens: ['Warm', ' up', ' answer', '.', ...warmUpExtras(variant)] });
  await typeQuestion(page, 'Warm up.');
  await probe.startFrames(page);
  await pressSend(page);
  await waitForComplete(page, 20_000);
  const rendered = RENDERED[variant.corpus ?? 'markdown'];
  if (rendered !== null) await expect(page.locator(rendered).first()).toBeVisible({ timeout: 20_000 });
  const frames = await probe.stopFrames(page);
  await newChat(page);
  return Math.max(frames.maxLoafMs, frames.maxLongtaskMs);
}

/** Waits until no diagram is left drawing; returns then in epoch ms (the paint watch's clock), or null after `capMs`. */
async function diagramsDrawn(page: Page, capMs: number): Promise<number | null> {
  try {
    await page.waitForFunction((selector) => document.querySelector(selector) === null, DRAWING, {
      timeout: capMs,
      polling: 'raf',
    });
  } catch {
    return null;
  }
  return page.evaluate(() => performance.timeOrigin + performance.now());
}

/** The render harness page (bench/harness/render.html) in a fresh context, with the page probe. */
export async function openHarness(browser: Browser) {
  const url = process.env.BENCH_HARNESS_URL;
  if (url === undefined) throw new Error('BENCH_HARNESS_URL is not set (bench/report/global-setup.ts)');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await probe.install(page);
  await page.goto(`${url}render.html`);
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
  return { context, page, close: () => context.close() };
}

/** Runs one variant in a fresh browser context and returns its figures. */
export async function renderOnce(
  browser: Browser,
  ollama: HttpEmulatorHandle,
  variant: RenderVariant,
  runId: string,
  caps: { runMs: number; naiveMs: number },
): Promise<RenderSample> {
  const endMarker = `Endmark${runId}`;
  const tokens = corpusTokens(variant.corpus ?? 'markdown', variant.tokens, endMarker);
  const marks: TokenWriteMarks = {};
  const target =
    variant.target === 'app'
      ? await openAppPage(browser, { ollama: ollama.url })
      : await openHarness(browser);
  try {
    const { page } = target;
    const cdp = await target.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const firstSendMaxLoafMs = variant.target === 'app' ? await warmUp(page, ollama, variant) : undefined;
    if (variant.target === 'app') await typeQuestion(page, 'Write a long answer.');
    ollama.script({ tokens, marks, ...pacingScenario(variant.pacing) });
    const busyBefore = await taskSeconds(cdp);
    await probe.startFrames(page);
    let lastShownAt: number | null = null;
    let tokensShown = tokens.length;
    let capped = false;
    let handoverMs: number | undefined;
    let handoverAfter: number | undefined;
    let diagramsDrawnMs: number | undefined;
    let error: string | undefined;
    if (variant.target === 'app') {
      const { shown, complete } = await runInApp(page, endMarker, caps.runMs);
      lastShownAt = shown?.frameAt ?? null;
      if (shown && complete) handoverMs = complete.frameAt - shown.frameAt;
      if (shown) handoverAfter = shown.domAt;
      if (!shown) error = `the end of the answer was not on screen after ${caps.runMs} ms`;
      if (shown && variant.corpus === 'diagrams') {
        const drawn = await diagramsDrawn(page, caps.runMs);
        if (drawn === null) error = `diagrams were still being drawn after ${caps.runMs} ms`;
        else diagramsDrawnMs = drawn - shown.frameAt;
      }
      // A corpus that does not parse would measure the wrong thing: say so in the report.
      const failed = await page.locator('.md-diagram-error, .katex-error').count();
      if (failed > 0) error = `${failed} formulas or diagrams in the answer failed to render`;
      const rich = RENDERED[variant.corpus ?? 'markdown'];
      if (rich !== null && (await page.locator(rich).count()) === 0)
        error = `the answer shows no ${variant.corpus} (nothing matches ${rich})`;
    } else {
      const run: RenderRun = {
        mode: variant.target,
        baseUrl: ollama.url,
        model: MODELS.ollama,
        capMs: caps.naiveMs,
      };
      const outcome: RenderOutcome = await page.evaluate(
        (r) =>
          (
            window as unknown as { renderHarness: { run(r: RenderRun): Promise<RenderOutcome> } }
          ).renderHarness.run(r),
        run,
      );
      lastShownAt = outcome.lastFrameAt;
      capped = outcome.capped;
      if (variant.target === 'naive') tokensShown = outcome.tokensShown;
      error = outcome.error;
    }
    const frames = await probe.stopFrames(page);
    const busyMs = ((await taskSeconds(cdp)) - busyBefore) * 1000;
    const firstWritten = marks.firstTokenWrittenAt ?? Number.NaN;
    const sample: RenderSample = {
      ...frames,
      tokens: tokens.length,
      tokensShown,
      capped,
      renderedTokPerS: lastShownAt === null ? 0 : tokensShown / ((lastShownAt - firstWritten) / 1000),
      endLagMs:
        lastShownAt === null || capped ? Number.NaN : lastShownAt - (marks.lastTokenWrittenAt ?? Number.NaN),
      busyMs,
      busyMsPer1kTokens: busyMs / (tokensShown / 1000),
      busyShare: busyMs / frames.windowMs,
      load1m: loadavg()[0] ?? Number.NaN,
    };
    if (handoverMs !== undefined) sample.handoverMs = handoverMs;
    if (diagramsDrawnMs !== undefined) sample.diagramsDrawnMs = diagramsDrawnMs;
    if (handoverAfter !== undefined) {
      const after = handoverAfter;
      sample.handoverMaxLoafMs = Math.max(
        0,
        ...frames.loafTimeline.filter((l) => l.at >= after).map((l) => l.ms),
      );
    }
    if (firstSendMaxLoafMs !== undefined) sample.firstSendMaxLoafMs = firstSendMaxLoafMs;
    if (error !== undefined) sample.error = error;
    return sample;
  } finally {
    await target.close();
  }
}
