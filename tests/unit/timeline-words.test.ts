import { describe, expect, it } from 'vitest';
import { phaseRows, ratePoints, rateSeries, timelineSummary } from '../../src/lib/timeline/timeline-words';
import type { AnswerTimeline } from '../../src/lib/vocabulary/records';

const TIMELINE: AnswerTimeline = {
  phases: [
    { kind: 'waiting', startMs: 0, endMs: 500 },
    { kind: 'loading', startMs: 500, endMs: 3500 },
    { kind: 'answering', startMs: 3500, endMs: 5000 },
  ],
  rate: { startMs: 3500, bucketMs: 500, tokens: [10, 0, 20] },
  stalls: [{ startMs: 3900, endMs: 4400 }],
  firstTokenMs: 3500,
  endMs: 5000,
};

describe('the timeline fold-out’s words and shapes', () => {
  it('each phase with its name, duration and place on the bar', () => {
    expect(phaseRows(TIMELINE)).toEqual([
      { listed: true, kind: 'waiting', name: 'Waiting', duration: '0.50 s', left: 0, width: 10 },
      { listed: true, kind: 'loading', name: 'Loading the model', duration: '3.00 s', left: 10, width: 60 },
      { listed: true, kind: 'answering', name: 'Answering', duration: '1.50 s', left: 70, width: 30 },
    ]);
  });

  it('a phase under 10 ms is drawn but not listed', () => {
    const rows = phaseRows({
      ...TIMELINE,
      phases: [...TIMELINE.phases, { kind: 'prompt', startMs: 5000, endMs: 5004 }],
    });
    expect(rows.at(-1)).toMatchObject({ kind: 'prompt', listed: false });
  });

  it('a summary: first token, stalls and the best rate', () => {
    expect(rateSeries(TIMELINE)).toEqual([20, 0, 40]);
    expect(timelineSummary(TIMELINE)).toBe('first token 3.50 s · 1 stall (0.50 s) · 40 tok/s at best');
    expect(
      timelineSummary({
        ...TIMELINE,
        firstTokenMs: undefined,
        stalls: [],
        rate: { ...TIMELINE.rate, tokens: [] },
      }),
    ).toBe('no token');
  });

  it('the rate as steps across the answer’s part of the box, highest at the top', () => {
    expect(ratePoints(TIMELINE, 100, 40)).toBe('70.0,20.0 80.0,20.0 80.0,40.0 90.0,40.0 90.0,0.0 100.0,0.0');
    expect(ratePoints({ ...TIMELINE, rate: { ...TIMELINE.rate, tokens: [0, 0] } }, 100, 40)).toBe('');
  });
});
