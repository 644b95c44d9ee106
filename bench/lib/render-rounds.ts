/**
 * Runs rendering variants in interleaved rounds (A B C, A B C, ...), each run in a fresh browser
 * context, and writes their figures as one result part. Shared by the sustained-rendering and the
 * rich-answer benchmarks.
 */
import type { Browser } from '@playwright/test';
import { startOllamaEmulator } from '../../tests/emulators/ollama-emulator';
import { writePart, type PartName } from './parts';
import { renderOnce, type RenderSample, type RenderVariant } from './render-run';
import { BENCH } from './settings';
import { summarize, summarizeFields } from './stats';

export async function runRenderRounds(
  browser: Browser,
  part: { name: PartName; method: string; runIdPrefix: string },
  variants: readonly RenderVariant[],
  fields: readonly (keyof RenderSample)[],
): Promise<void> {
  const ollama = await startOllamaEmulator();
  const runs = new Map<string, RenderSample[]>(variants.map((variant) => [variant.name, []]));
  const all = () => [...runs.values()].flat();
  try {
    for (let round = 0; round < BENCH.rounds; round += 1) {
      for (const [index, variant] of variants.entries()) {
        const sample = await renderOnce(browser, ollama, variant, `${part.runIdPrefix}${round}v${index}`, {
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
    writePart(part.name, {
      method: part.method,
      naiveCapMs: BENCH.naiveCapMs,
      firstSendMaxLoafMs: summarize(all().flatMap((sample) => sample.firstSendMaxLoafMs ?? [])),
      load1m: summarize(all().map((sample) => sample.load1m)),
      variants: variants.map((variant) => {
        const samples = runs.get(variant.name) ?? [];
        return {
          ...variant,
          runs: samples.length,
          summary: summarizeFields(samples, fields),
          errors: samples.flatMap((sample) => (sample.error ? [sample.error] : [])),
          longestLoaf: samples.map((sample) => sample.longestLoaf),
        };
      }),
    });
  }
}
