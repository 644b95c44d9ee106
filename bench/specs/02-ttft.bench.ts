/**
 * Client-added time to first token, per provider, in the real app: from the emulator handing
 * the first token's bytes to the socket (its epoch timestamp) to that token drawn in the chat
 * view (a MutationObserver sees its text, then the next animation frame; "painted" is the task
 * after that frame). Providers interleaved run by run (A B C, A B C ...), a new chat each run; beside them the
 * baseline, a plain fetch of the Ollama emulator appended to a text node in a harness page.
 */
import { test } from '@playwright/test';
import { epochNow, type TokenWriteMarks } from '../../tests/emulators/scenario';
import {
  MODELS,
  chooseServer,
  newChat,
  openAppPage,
  pressSend,
  typeQuestion,
  waitForComplete,
} from '../lib/app';
import { PROVIDERS, startEmulators, type Emulators, type ProviderId } from '../lib/emulators';
import { probe } from '../lib/page-probe';
import { openHarness } from '../lib/render-run';
import { writePart } from '../lib/parts';
import { BENCH } from '../lib/settings';
import { round, summarize } from '../lib/stats';
import type { Page } from '@playwright/test';

interface TtftSample {
  toDomMs: number;
  toFrameMs: number;
  toPaintedMs: number;
}

/**
 * How far the page's epoch clock is from Node's: both derive from the system clock, so this
 * should be within the round trip. Best of 20 round trips (the shortest bounds the error).
 */
async function clockOffset(page: Page): Promise<{ offsetMs: number; roundTripMs: number }> {
  let best = { offsetMs: 0, roundTripMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 20; i += 1) {
    const sentAt = epochNow();
    const pageAt = await probe.epoch(page);
    const backAt = epochNow();
    if (backAt - sentAt < best.roundTripMs) {
      best = { offsetMs: pageAt - (sentAt + backAt) / 2, roundTripMs: backAt - sentAt };
    }
  }
  return { offsetMs: round(best.offsetMs), roundTripMs: round(best.roundTripMs) };
}

/** One raw-fetch run: plain fetch + append in the harness page, to the marker on screen. */
async function rawRun(page: Page, emulators: Emulators, marker: string): Promise<TtftSample | string> {
  const marks: TokenWriteMarks = {};
  emulators.ollama.script({ tokens: [marker, ' says', ' hello', '.'], firstTokenDelayMs: 30, marks });
  await probe.arm(page, 'text', marker);
  const streaming = page.evaluate(
    (run) =>
      (
        window as unknown as { renderHarness: { rawStream(r: typeof run): Promise<void> } }
      ).renderHarness.rawStream(run),
    { baseUrl: emulators.urls.ollama, model: MODELS.ollama },
  );
  const painted = await probe.painted(page, marker, 10_000);
  await streaming;
  const writtenAt = marks.firstTokenWrittenAt;
  if (painted === null || writtenAt === undefined)
    return painted === null ? 'never painted' : 'no write mark';
  return {
    toDomMs: painted.domAt - writtenAt,
    toFrameMs: painted.frameAt - writtenAt,
    toPaintedMs: painted.paintedAt - writtenAt,
  };
}

function summarizeSamples(runs: TtftSample[]) {
  return {
    runs: runs.length,
    toDomMs: summarize(runs.map((s) => s.toDomMs)),
    toFrameMs: summarize(runs.map((s) => s.toFrameMs)),
    toPaintedMs: summarize(runs.map((s) => s.toPaintedMs)),
  };
}

test('client-added time to first token, per provider', async ({ browser }) => {
  test.setTimeout(8 * 60_000);
  const emulators = await startEmulators();
  const app = await openAppPage(browser, emulators.urls);
  const baseline = await openHarness(browser);
  try {
    const { page } = app;
    const raw: TtftSample[] = [];
    const samples: Record<ProviderId, TtftSample[]> = {
      ollama: [],
      'lmstudio-rest': [],
      'lmstudio-native': [],
    };
    const failures: string[] = [];
    const clockBefore = await clockOffset(page);
    for (let run = 0; run < BENCH.ttftWarmup + BENCH.ttftRuns; run += 1) {
      for (const provider of PROVIDERS) {
        await newChat(page);
        await chooseServer(page, provider);
        await typeQuestion(page, 'Say hello.');
        const marker = `Quokka${run}x${provider.replace(/[^a-z]/g, '')}`;
        const marks: TokenWriteMarks = {};
        emulators
          .get(provider)
          .script({ tokens: [marker, ' says', ' hello', '.'], firstTokenDelayMs: 30, marks });
        await probe.arm(page, 'text', marker);
        await pressSend(page);
        const painted = await probe.painted(page, marker, 10_000);
        await waitForComplete(page, 10_000);
        const writtenAt = marks.firstTokenWrittenAt;
        if (painted === null || writtenAt === undefined) {
          failures.push(`${provider} run ${run}: ${painted === null ? 'never painted' : 'no write mark'}`);
          continue;
        }
        if (run < BENCH.ttftWarmup) continue;
        samples[provider].push({
          toDomMs: painted.domAt - writtenAt,
          toFrameMs: painted.frameAt - writtenAt,
          toPaintedMs: painted.paintedAt - writtenAt,
        });
      }
      // The baseline, interleaved with the providers: the same emulator, a plain fetch in a page.
      const sample = await rawRun(baseline.page, emulators, `Wombat${run}raw`);
      if (typeof sample === 'string') failures.push(`raw fetch run ${run}: ${sample}`);
      else if (run >= BENCH.ttftWarmup) raw.push(sample);
    }
    const clockAfter = await clockOffset(page);
    // The frame-wait floor, in the same page: a text changed at a random moment, to the next frame.
    const frameWaits: number[] = [];
    for (let i = 0; i < BENCH.ttftRuns; i += 1)
      frameWaits.push(await probe.frameWait(page, 20 + Math.random() * 40));
    const providers = Object.fromEntries(
      PROVIDERS.map((provider) => [provider, summarizeSamples(samples[provider])]),
    );
    writePart('ttft', {
      method:
        'first token bytes written by the emulator (Node epoch ms) -> token text in the DOM (MutationObserver) -> next requestAnimationFrame (toFrame) -> the task after that frame (toPainted); page epoch = performance.timeOrigin + performance.now()',
      warmupRuns: BENCH.ttftWarmup,
      clock: { before: clockBefore, after: clockAfter },
      frameWaitFloorMs: summarize(frameWaits),
      providers,
      rawFetchOllama: summarizeSamples(raw),
      failures,
    });
  } finally {
    await app.close();
    await baseline.close();
    await emulators.close();
  }
});
