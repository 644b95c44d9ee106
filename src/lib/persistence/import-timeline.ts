/**
 * An imported answer's timeline (vocabulary/records.ts AnswerTimeline), checked field by field:
 * a file is untrusted, and the view draws these numbers. Bounds keep a hostile file from making
 * the view draw millions of bars.
 */
import * as v from './validate';
import type { AnswerTimeline, TimeSpan, TimelinePhase } from '../vocabulary/records';

const KINDS = ['waiting', 'loading', 'prompt', 'thinking', 'answering'] as const;
/** A day, in ms: longer than any answer. */
const MAX_MS = 86_400_000;
const MAX_PHASES = KINDS.length;
const MAX_BUCKETS = 1000;
const MAX_STALLS = 1000;

function ms(value: unknown, path: string): number {
  const n = v.optionalNumber(value, path, 0, MAX_MS);
  if (n === undefined) throw new v.InvalidField(`${path} must be a number from 0 to ${MAX_MS}.`);
  return n;
}

function span(value: unknown, path: string): TimeSpan {
  const s = v.object(value, path);
  const startMs = ms(s.startMs, `${path}.startMs`);
  const endMs = ms(s.endMs, `${path}.endMs`);
  if (endMs < startMs) throw new v.InvalidField(`${path} ends before it starts.`);
  return { startMs, endMs };
}

export function readTimeline(value: unknown, path: string): AnswerTimeline {
  const t = v.object(value, path);
  const rate = v.object(t.rate, `${path}.rate`);
  const bucketMs = ms(rate.bucketMs, `${path}.rate.bucketMs`);
  if (bucketMs === 0) throw new v.InvalidField(`${path}.rate.bucketMs must be more than 0.`);
  const timeline: AnswerTimeline = {
    phases: v.list(t.phases, `${path}.phases`, MAX_PHASES).map((phase, i): TimelinePhase => ({
      kind: v.oneOf(v.object(phase, `${path}.phases[${i}]`).kind, `${path}.phases[${i}].kind`, KINDS),
      ...span(phase, `${path}.phases[${i}]`),
    })),
    rate: {
      startMs: ms(rate.startMs, `${path}.rate.startMs`),
      bucketMs,
      tokens: v
        .list(rate.tokens, `${path}.rate.tokens`, MAX_BUCKETS)
        .map((n, i) => v.optionalNumber(n, `${path}.rate.tokens[${i}]`, 0, 1e9) ?? 0),
    },
    stalls: v
      .list(t.stalls, `${path}.stalls`, MAX_STALLS)
      .map((stall, i) => span(stall, `${path}.stalls[${i}]`)),
    endMs: ms(t.endMs, `${path}.endMs`),
  };
  const first = v.optionalNumber(t.firstTokenMs, `${path}.firstTokenMs`, 0, MAX_MS);
  if (first !== undefined) timeline.firstTokenMs = first;
  return timeline;
}
