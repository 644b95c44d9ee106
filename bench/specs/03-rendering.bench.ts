/**
 * Sustained rendering of a long markdown answer in the real app, beside baselines on the same
 * stream: the naive whole-answer re-render per token (capped by wall time), a plain-text append
 * view and an idle page that receives the same chat-worker traffic and draws nothing. Variants
 * are interleaved round by round; each run gets a fresh browser context.
 */
import { test } from '@playwright/test';
import { startOllamaEmulator } from '../../tests/emulators/ollama-emulator';
import { writePart } from '../lib/parts';
import { renderOnce, type RenderSample, type RenderVariant } from '../lib/render-run';
import { BENCH } from '../lib/settings';
import { summarize, summarizeFields } from '../lib/stats';

const LONG = BENCH.longAnswerTokens;
const FAST = BENCH.rates.at(-1)!;

const VARIANTS: RenderVariant[] = [
  { name: 'app: burst', target: 'app', tokens: LONG, pacing: { kind: 'burst' } },
  { name: 'app: one write per token', target: 'app', tokens: LONG, pacing: { kind: 'per-token' } },
  {
    name: 'app: burst, highlighter not loaded yet',
    target: 'app',
    tokens: LONG,
    pacing: { kind: 'burst' },
    coldHighlighter: true,
  },
  ...BENCH.rates.map((rate): RenderVariant => ({
    name: `app: ${rate.tokensPerSecond} tok/s`,
    target: 'app',
    tokens: rate.tokens,
    pacing: { kind: 'rate', tokensPerSecond: rate.tokensPerSecond },
  })),
  { name: 'naive re-render: burst', target: 'naive', tokens: LONG, pacing: { kind: 'burst' } },
  { name: 'plain text: burst', target: 'plain', tokens: LONG, pacing: { kind: 'burst' } },
  { name: 'idle: burst', target: 'idle', tokens: LONG, pacing: { kind: 'burst' } },
  { name: 'idle: one write per token', target: 'idle', tokens: LONG, pacing: { kind: 'per-token' } },
  {
    name: `idle: ${FAST.tokensPerSecond} tok/s`,
    target: 'idle',
    tokens: FAST.tokens,
    pacing: { kind: 'rate', tokensPerSecond: FAST.tokensPerSecond },
  },
];

const FIELDS = [
  'tokens',
  'tokensShown',
  'renderedTokPerS',
  'endLagMs',
  'handoverMs',
  'handoverMaxLoafMs',
  'maxLoafMs',
  'loafOver50',
  'maxLongtaskMs',
  'p99FrameMs',
  'maxFrameMs',
  'shareOver25',
  'droppedFrames',
  'busyMs',
  'busyMsPer1kTokens',
  'loafSumMs',
  'firstSendMaxLoafMs',
  'load1m',
] as const satisfies readonly (keyof RenderSample)[];

test('sustained rendering: app versus baselines', async ({ browser }) => {
  test.setTimeout(15 * 60_000);
  const ollama = await startOllamaEmulator();
  const runs = new Map<string, RenderSample[]>(VARIANTS.map((variant) => [variant.name, []]));
  const all = () => [...runs.values()].flat();
  try {
    for (let round = 0; round < BENCH.rounds; round += 1) {
      for (const [index, variant] of VARIANTS.entries()) {
        const sample = await renderOnce(browser, ollama, variant, `r${round}v${index}`, {
          runMs: BENCH.renderRunCapMs,
          naiveMs: BENCH.naiveCapMs,
        });
        runs.get(variant.name)?.push(sample);
        console.log(
          `${variant.name} #${round + 1}: ${Math.round(sample.renderedTokPerS)} tok/s, max LoAF ${Math.round(sample.maxLoafMs)} ms, p99 frame ${sample.p99FrameMs.toFixed(1)} ms, load ${sample.load1m.toFixed(1)}${sample.error ? `, ${sample.error}` : ''}`,
        );
      }
    }
  } finally {
    await ollama.close();
    writePart('rendering', {
      method:
        'Ollama emulator -> real app (fresh context per run) or a baseline page; frames from requestAnimationFrame, long-animation-frame and longtask observers; busy = CDP Performance TaskDuration',
      naiveCapMs: BENCH.naiveCapMs,
      firstSendMaxLoafMs: summarize(all().flatMap((sample) => sample.firstSendMaxLoafMs ?? [])),
      load1m: summarize(all().map((sample) => sample.load1m)),
      variants: VARIANTS.map((variant) => {
        const samples = runs.get(variant.name) ?? [];
        return {
          ...variant,
          runs: samples.length,
          summary: summarizeFields(samples, FIELDS),
          errors: samples.flatMap((sample) => (sample.error ? [sample.error] : [])),
          longestLoaf: samples.map((sample) => sample.longestLoaf),
        };
      }),
    });
  }
});
