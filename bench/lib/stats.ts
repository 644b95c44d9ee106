/** Small statistics for benchmark figures: medians with their spread, and nearest-rank percentiles. */

/** A figure over several runs: median, spread and, for latency-like figures, p95. */
export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  p95: number;
}

/** Nearest-rank percentile (q in 0..1) of values already sorted ascending; NaN when empty. */
export function percentileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] ?? Number.NaN;
  return ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((value) => Number.isFinite(value));
  const sorted = [...finite].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: round(median(sorted)),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted.at(-1) ?? Number.NaN),
    p95: round(percentileOfSorted(sorted, 0.95)),
  };
}

/** Summaries of each numeric field over runs (fields missing in a run are skipped). */
export function summarizeFields<T extends object>(runs: readonly T[], fields: readonly (keyof T)[]) {
  const out: Partial<Record<keyof T, Summary>> = {};
  for (const field of fields) {
    out[field] = summarize(
      runs.map((run) => run[field]).filter((v): v is T[keyof T] & number => typeof v === 'number'),
    );
  }
  return out;
}

/** Rounds for the report: 3 significant decimals at most, so the JSON stays small and readable. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
