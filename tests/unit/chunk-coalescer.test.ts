import { describe, expect, it } from 'vitest';
import { ChunkCoalescer, type Scheduler } from '../../src/lib/workers/chunk-coalescer';
import type { ChunkPayload } from '../../src/lib/workers/protocol';

/** A hand-driven clock and scheduler: the test decides when frames pass. */
function manualTime() {
  let now = 0;
  const timers: Array<{ at: number; run: () => void; live: boolean }> = [];
  const scheduler: Scheduler = (run, delay) => {
    const timer = { at: now + delay, run, live: true };
    timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  };
  return {
    scheduler,
    now: () => now,
    advance(ms: number) {
      now += ms;
      for (const t of timers.splice(0)) {
        if (t.live && t.at <= now) t.run();
        else if (t.live) timers.push(t);
      }
    },
  };
}

describe('ChunkCoalescer', () => {
  it('sends the first delta at once and batches the rest to one message per frame', () => {
    const time = manualTime();
    const sent: ChunkPayload[] = [];
    const c = new ChunkCoalescer((chunk) => sent.push(chunk), time.scheduler, time.now, 16);
    c.add({ type: 'text', text: 'a' });
    expect(sent).toEqual([{ text: 'a', reasoning: '', toolCalls: [] }]);
    for (let i = 0; i < 100; i++) c.add({ type: 'text', text: 'b' });
    c.add({ type: 'reasoning', text: 'r' });
    expect(sent).toHaveLength(1);
    time.advance(16);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({ text: 'b'.repeat(100), reasoning: 'r', toolCalls: [] });
  });

  it('carries the latest prompt progress and flushes on demand', () => {
    const time = manualTime();
    const sent: ChunkPayload[] = [];
    const c = new ChunkCoalescer((chunk) => sent.push(chunk), time.scheduler, time.now, 16);
    c.add({ type: 'prompt-progress', progress: 0.2 });
    c.add({ type: 'prompt-progress', progress: 0.7 });
    c.flush();
    expect(sent.map((s) => s.promptProgress)).toEqual([0.2, 0.7]);
  });

  it('discard drops buffered text so nothing reaches the UI after a stop', () => {
    const time = manualTime();
    const sent: ChunkPayload[] = [];
    const c = new ChunkCoalescer((chunk) => sent.push(chunk), time.scheduler, time.now, 16);
    c.add({ type: 'text', text: 'first' });
    c.add({ type: 'text', text: 'buffered' });
    c.discard();
    time.advance(100);
    expect(sent.map((s) => s.text)).toEqual(['first']);
  });
});

describe('ChunkCoalescer with a huge delta', () => {
  it('sends it in pieces of at most the limit, one per frame, never splitting a surrogate pair', () => {
    const time = manualTime();
    const sent: ChunkPayload[] = [];
    const c = new ChunkCoalescer((chunk) => sent.push(chunk), time.scheduler, time.now, 16, 10);
    const huge = `${'x'.repeat(9)}😀${'y'.repeat(20)}`;
    c.add({ type: 'text', text: huge });
    expect(sent.map((s) => s.text)).toEqual(['x'.repeat(9)]);
    time.advance(16);
    time.advance(16);
    time.advance(16);
    expect(sent.map((s) => s.text)).toEqual(['x'.repeat(9), `😀${'y'.repeat(8)}`, 'y'.repeat(10), 'yy']);
    expect(sent.map((s) => s.text).join('')).toBe(huge);
  });

  it('flush sends all that is left, in pieces and in order, with reasoning cut the same way', () => {
    const time = manualTime();
    const sent: ChunkPayload[] = [];
    const c = new ChunkCoalescer((chunk) => sent.push(chunk), time.scheduler, time.now, 16, 4);
    c.add({ type: 'text', text: 'a' });
    c.add({ type: 'reasoning', text: 'r'.repeat(6) });
    c.add({ type: 'text', text: 'b'.repeat(9) });
    c.flush();
    expect(sent).toEqual([
      { text: 'a', reasoning: '', toolCalls: [] },
      { text: 'bbbb', reasoning: 'rrrr', toolCalls: [] },
      { text: 'bbbb', reasoning: 'rr', toolCalls: [] },
      { text: 'b', reasoning: '', toolCalls: [] },
    ]);
    time.advance(100);
    expect(sent).toHaveLength(4);
  });
});
