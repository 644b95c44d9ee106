/**
 * Math and diagrams against plain markdown: the same app streams a markdown answer, a math-heavy
 * answer (inline and display formulas in every paragraph, typeset by KaTeX once complete) and a
 * diagram-heavy answer (a different Mermaid diagram in every section, drawn in the sandboxed
 * diagram frame), each at a fixed rate and in a burst. A diagram run's frames and busy time are
 * counted until the last diagram is drawn. Variants are interleaved round by round; each run gets
 * a fresh browser context, warmed with one small answer of its kind.
 */
import { test } from '@playwright/test';
import { startOllamaEmulator } from '../../tests/emulators/ollama-emulator';
import type { CorpusKind } from '../lib/markdown-corpus';
import { writePart } from '../lib/parts';
import { renderOnce, type Pacing, type RenderSample, type RenderVariant } from '../lib/render-run';
import { BENCH } from '../lib/settings';
import { summarize, summarizeFields } from '../lib/stats';

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
  'load1m',
] as const satisfies readonly (keyof RenderSample)[];

test('rich answers: math and diagrams beside markdown', async ({ browser }) => {
  test.setTimeout(15 * 60_000);
  const ollama = await startOllamaEmulator();
  const runs = new Map<string, RenderSample[]>(VARIANTS.map((variant) => [variant.name, []]));
  const all = () => [...runs.values()].flat();
  try {
    for (let round = 0; round < BENCH.rounds; round += 1) {
      for (const [index, variant] of VARIANTS.entries()) {
        const sample = await renderOnce(browser, ollama, variant, `rich${round}v${index}`, {
          runMs: BENCH.renderRunCapMs,
          naiveMs: BENCH.naiveCapMs,
        });
        runs.get(variant.name)?.push(sample);
        console.log(
          `${variant.name} #${round + 1}: ${Math.round(sample.renderedTokPerS)} tok/s, max LoAF ${Math.round(sample.maxLoafMs)} ms, p99 frame ${sample.p99FrameMs.toFixed(1)} ms, busy ${Math.round(sample.busyMsPer1kTokens)} ms/1k, load ${sample.load1m.toFixed(1)}${sample.error ? `, ${sample.error}` : ''}`,
        );
      }
    }
  } finally {
    await ollama.close();
    writePart('richAnswers', {
      method:
        'Ollama emulator -> real app, fresh context per run, warmed with one small answer of the same kind; diagram runs measured until the last diagram is drawn (the diagram frame runs in its own process, so its drawing is not main-thread time)',
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
