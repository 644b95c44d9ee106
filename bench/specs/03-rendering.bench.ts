/**
 * Sustained rendering of a long markdown answer in the real app, beside baselines on the same
 * stream: the naive whole-answer re-render per token (capped by wall time), a plain-text append
 * view and an idle page that receives the same chat-worker traffic and draws nothing. Variants
 * are interleaved round by round; each run gets a fresh browser context.
 */
import { test } from '@playwright/test';
import { runRenderRounds } from '../lib/render-rounds';
import type { RenderSample, RenderVariant } from '../lib/render-run';
import { BENCH } from '../lib/settings';

const LONG = BENCH.longAnswerTokens;

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
  ...BENCH.idleRates.map((tokensPerSecond): RenderVariant => ({
    name: `idle: ${tokensPerSecond} tok/s`,
    target: 'idle',
    tokens: BENCH.rates.find((rate) => rate.tokensPerSecond === tokensPerSecond)?.tokens ?? LONG,
    pacing: { kind: 'rate', tokensPerSecond },
  })),
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
  'busyShare',
  'loafSumMs',
  'firstSendMaxLoafMs',
  'load1m',
] as const satisfies readonly (keyof RenderSample)[];

test('sustained rendering: app versus baselines', async ({ browser }) => {
  test.setTimeout(15 * 60_000);
  await runRenderRounds(
    browser,
    {
      name: 'rendering',
      runIdPrefix: 'r',
      method:
        'Ollama emulator -> real app (fresh context per run) or a baseline page; frames from requestAnimationFrame, long-animation-frame and longtask observers; busy = CDP Performance TaskDuration',
    },
    VARIANTS,
    FIELDS,
  );
});
