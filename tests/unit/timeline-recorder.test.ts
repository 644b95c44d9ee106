import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BUCKETS, STALL_MS, TimelineRecorder } from '../../src/lib/timeline/timeline-recorder';

const text = (at: number, chars = 4) => ({ at, textChars: chars, reasoningChars: 0 });
const reasoning = (at: number, chars = 4) => ({ at, textChars: 0, reasoningChars: chars });

describe('an answer’s timeline', () => {
  it('waiting, thinking, answering, with the first token and a stall', () => {
    const recorder = new TimelineRecorder(1000);
    recorder.piece(reasoning(1300));
    recorder.piece(reasoning(1400));
    recorder.piece(text(1600));
    recorder.piece(text(3000)); // 1.4 s after the one before
    const timeline = recorder.timeline(3100, { completionTokens: 8 });
    expect(timeline.phases).toEqual([
      { kind: 'waiting', startMs: 0, endMs: 300 },
      { kind: 'thinking', startMs: 300, endMs: 600 },
      { kind: 'answering', startMs: 600, endMs: 2100 },
    ]);
    expect(timeline.firstTokenMs).toBe(300);
    expect(timeline.stalls).toEqual([{ startMs: 600, endMs: 2000 }]);
    expect(timeline.endMs).toBe(2100);
    // 16 characters, scaled to the server's 8 tokens, from the first token on in 250 ms buckets.
    expect(timeline.rate.startMs).toBe(300);
    expect(timeline.rate.bucketMs).toBe(250);
    expect(timeline.rate.tokens.reduce((a, b) => a + b, 0)).toBe(8);
    expect(timeline.rate.tokens[0]).toBe(4);
  });

  it('Ollama’s load and prompt durations carve loading and prompt reading out of the wait', () => {
    const recorder = new TimelineRecorder(0);
    recorder.piece(text(5000));
    const timeline = recorder.timeline(6000, { loadDurationSec: 3.5, timeToFirstTokenSec: 4.5 });
    expect(timeline.phases).toEqual([
      { kind: 'waiting', startMs: 0, endMs: 500 },
      { kind: 'loading', startMs: 500, endMs: 4000 },
      { kind: 'prompt', startMs: 4000, endMs: 5000 },
      { kind: 'answering', startMs: 5000, endMs: 6000 },
    ]);
  });

  it('a server’s durations longer than the wait the page saw start at the request, not before', () => {
    const recorder = new TimelineRecorder(0);
    recorder.piece(text(1000));
    const timeline = recorder.timeline(1200, { loadDurationSec: 2, timeToFirstTokenSec: 3 });
    expect(timeline.phases[0]).toEqual({ kind: 'loading', startMs: 0, endMs: 1000 });
    expect(timeline.phases.map((p) => p.kind)).toEqual(['loading', 'answering']);
  });

  it('LM Studio’s prompt progress marks prompt reading', () => {
    const recorder = new TimelineRecorder(0);
    recorder.piece({ at: 200, textChars: 0, reasoningChars: 0, promptProgress: 0.1 });
    recorder.piece({ at: 700, textChars: 0, reasoningChars: 0, promptProgress: 1 });
    recorder.piece(text(900));
    expect(recorder.timeline(1000).phases.map((p) => [p.kind, p.startMs, p.endMs])).toEqual([
      ['waiting', 0, 200],
      ['prompt', 200, 900],
      ['answering', 900, 1000],
    ]);
  });

  it('nothing came: one waiting phase, no first token, no rate', () => {
    const timeline = new TimelineRecorder(0).timeline(4000);
    expect(timeline.phases).toEqual([{ kind: 'waiting', startMs: 0, endMs: 4000 }]);
    expect(timeline.firstTokenMs).toBeUndefined();
    expect(timeline.rate.tokens).toEqual([]);
  });

  it('any answer: contiguous phases from 0 to the end, bounded buckets, tokens kept, stalls over a second', () => {
    const pieces = fc.array(
      fc.record({
        gap: fc.integer({ min: 0, max: 4000 }),
        textChars: fc.integer({ min: 0, max: 50 }),
        reasoningChars: fc.integer({ min: 0, max: 50 }),
      }),
      { maxLength: 400 },
    );
    fc.assert(
      fc.property(pieces, fc.integer({ min: 1, max: 100_000 }), (list, serverTokens) => {
        const recorder = new TimelineRecorder(0);
        let at = 0;
        for (const piece of list) {
          at += piece.gap;
          recorder.piece({ at, textChars: piece.textChars, reasoningChars: piece.reasoningChars });
        }
        const timeline = recorder.timeline(at + 10, { completionTokens: serverTokens });
        const { phases } = timeline;
        expect(phases[0]?.startMs).toBe(0);
        expect(phases.at(-1)?.endMs).toBe(timeline.endMs);
        for (let i = 1; i < phases.length; i += 1) expect(phases[i]?.startMs).toBe(phases[i - 1]?.endMs);
        expect(timeline.rate.tokens.length).toBeLessThanOrEqual(MAX_BUCKETS);
        const total = timeline.rate.tokens.reduce((a, b) => a + b, 0);
        if (total > 0)
          expect(Math.abs(total - serverTokens)).toBeLessThanOrEqual(
            0.05 * timeline.rate.tokens.length + 1e-6,
          );
        for (const stall of timeline.stalls) expect(stall.endMs - stall.startMs).toBeGreaterThan(STALL_MS);
        for (let i = 1; i < timeline.stalls.length; i += 1)
          expect(timeline.stalls[i]!.startMs).toBeGreaterThanOrEqual(timeline.stalls[i - 1]!.endMs);
      }),
      { numRuns: 200 },
    );
  });
});
