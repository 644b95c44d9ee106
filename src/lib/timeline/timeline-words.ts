import type { AnswerTimeline, TimeSpan, TimelinePhase } from '../vocabulary/records';
import { formatDuration } from '../stores/answer-stats';

/** What each phase is called in the fold-out. */
export const PHASE_NAMES: Record<TimelinePhase['kind'], string> = {
  waiting: 'Waiting',
  loading: 'Loading the model',
  prompt: 'Reading the prompt',
  thinking: 'Thinking',
  answering: 'Answering',
};

/** Phases shorter than this are drawn but not listed ("Reading the prompt 0.00 s" says nothing). */
const LISTED_FROM_MS = 10;

/** A span's start and width on the bar, as percentages of the whole answer. */
export function placeOnBar(span: TimeSpan, timeline: AnswerTimeline): { left: number; width: number } {
  const total = Math.max(1, timeline.endMs);
  return { left: (span.startMs / total) * 100, width: ((span.endMs - span.startMs) / total) * 100 };
}

/** The phases as the fold-out lists them: name, duration, and place on the bar. */
export function phaseRows(timeline: AnswerTimeline) {
  return timeline.phases.map((phase) => ({
    listed: phase.endMs - phase.startMs >= LISTED_FROM_MS,
    kind: phase.kind,
    name: PHASE_NAMES[phase.kind],
    duration: formatDuration(phase.endMs - phase.startMs),
    ...placeOnBar(phase, timeline),
  }));
}

/** The fold-out's summary line, e.g. "first token 1.20 s · 2 stalls (3.10 s) · 42 tok/s at best". */
export function timelineSummary(timeline: AnswerTimeline): string {
  const parts: string[] = [];
  parts.push(
    timeline.firstTokenMs === undefined ? 'no token' : `first token ${formatDuration(timeline.firstTokenMs)}`,
  );
  const stalled = timeline.stalls.reduce((sum, s) => sum + s.endMs - s.startMs, 0);
  if (timeline.stalls.length > 0) {
    parts.push(
      `${timeline.stalls.length} ${timeline.stalls.length === 1 ? 'stall' : 'stalls'} (${formatDuration(stalled)})`,
    );
  }
  const peak = Math.max(0, ...rateSeries(timeline));
  if (peak > 0) parts.push(`${peak < 10 ? peak.toFixed(1) : Math.round(peak)} tok/s at best`);
  return parts.join(' · ');
}

/** Tokens per second in each bucket of the rate chart. */
export function rateSeries(timeline: AnswerTimeline): number[] {
  const seconds = timeline.rate.bucketMs / 1000;
  return timeline.rate.tokens.map((tokens) => tokens / seconds);
}

/** The rate chart as an SVG polyline's points in a `width` × `height` box (empty without tokens). */
export function ratePoints(timeline: AnswerTimeline, width: number, height: number): string {
  const series = rateSeries(timeline);
  const peak = Math.max(0, ...series);
  if (series.length === 0 || peak === 0) return '';
  const total = Math.max(1, timeline.endMs);
  const x = (ms: number) => Math.min(width, (ms / total) * width);
  const y = (rate: number) => height - (rate / peak) * height;
  const { startMs, bucketMs } = timeline.rate;
  const points = series.flatMap((rate, i) => [
    `${x(startMs + i * bucketMs).toFixed(1)},${y(rate).toFixed(1)}`,
    `${x(startMs + (i + 1) * bucketMs).toFixed(1)},${y(rate).toFixed(1)}`,
  ]);
  return points.join(' ');
}
