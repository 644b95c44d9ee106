/**
 * Math and diagrams against plain markdown: the same app streams a markdown answer, a math-heavy
 * answer (inline and display formulas in every paragraph, typeset by KaTeX once complete) and a
 * diagram-heavy answer (a different Mermaid diagram in every section, drawn in the sandboxed
 * diagram frame), each at a fixed rate and in a burst. A diagram run's frames and busy time are
 * counted until the last diagram is drawn. Variants are interleaved round by round; each run gets
 * a fresh browser context, warmed with one small answer of its kind.
 */
import { test } from '@playwright/test';
import type { CorpusKind } from '../lib/markdown-corpus';
import { runRenderRounds } from '../lib/render-rounds';
import type { Pacing, RenderSample, RenderVariant } from '../lib/render-run';
import { BENCH } from '../lib/settings';

const CORPORA: CorpusKind[] = ['markdown', 'math', 'diagrams'];
const PACINGS: { label: string; pacing: Pacing }[] = [
  {
    label: `${BENCH.richAnswerRate} tok/s`,
    pacing: { kind: 'rate', tokensPerSecond: BENCH.richAnswerRate },
  },
  { label: 'burst', pacing: { kind: 'burst' } },
];

const VARIANTS: RenderVariant[] = PACINGS.flatMap(({ label, pacing }) =>
  CORPORA.map((corpus): RenderVariant => ({
    name: `${corpus}: ${label}`,
    target: 'app',
    tokens: BENCH.richAnswerTokens,
    pacing,
    corpus,
  })),
);

const FIELDS = [
  'tokens',
  'tokensShown',
  'renderedTokPerS',
  'endLagMs',
  'handoverMaxLoafMs',
  'diagramsDrawnMs',
  'maxLoafMs',
  'maxLongtaskMs',
  'p99FrameMs',
  'maxFrameMs',
  'shareOver25',
  'busyMs',
  'busyMsPer1kTokens',
  'busyShare',
  'load1m',
] as const satisfies readonly (keyof RenderSample)[];

test('rich answers: math and diagrams beside markdown', async ({ browser }) => {
  test.setTimeout(15 * 60_000);
  await runRenderRounds(
    browser,
    {
      name: 'richAnswers',
      runIdPrefix: 'rich',
      method:
        'Ollama emulator -> real app, fresh context per run, warmed with one small answer of the same kind; diagram runs measured until the last diagram is drawn (the diagram frame runs in its own process, so its drawing is not main-thread time)',
    },
    VARIANTS,
    FIELDS,
  );
});
