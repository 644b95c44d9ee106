import { describe, expect, it } from 'vitest';
import {
  createThrottledSaver,
  sizeAwareInterval,
  type SaverClock,
} from '../../src/lib/persistence/throttled-saver';

/** A clock the test moves by hand; timers fire when `advance` passes them. */
class ManualClock implements SaverClock {
  time = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
  }
  get pending(): number {
    return this.timers.length;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(intervalMs: number | ((value: string) => number) = 1000) {
  const clock = new ManualClock();
  const writes: string[] = [];
  let value = '';
  const saver = createThrottledSaver({
    read: () => value,
    save: async (v) => {
      writes.push(v);
    },
    intervalMs: typeof intervalMs === 'number' ? intervalMs : () => intervalMs(value),
    onError: () => undefined,
    clock,
  });
  return { clock, writes, saver, set: (v: string) => (value = v) };
}

describe('throttled saver', () => {
  it('writes the first change at once, then at most once per interval, always the latest text', async () => {
    const { clock, writes, saver, set } = setup();
    set('a');
    saver.changed();
    clock.advance(0);
    await settle();
    expect(writes).toEqual(['a']);

    for (const text of ['ab', 'abc', 'abcd']) {
      set(text);
      saver.changed();
      clock.advance(100);
    }
    await settle();
    expect(writes).toEqual(['a']); // 300 ms after the first write: still throttled
    clock.advance(700);
    await settle();
    expect(writes).toEqual(['a', 'abcd']);
  });

  it('flush writes now and cancels the pending timer', async () => {
    const { clock, writes, saver, set } = setup();
    set('x');
    saver.changed();
    clock.advance(0);
    await settle();
    set('xy');
    saver.changed();
    expect(clock.pending).toBe(1);
    set('xyz');
    await saver.flush();
    expect(writes).toEqual(['x', 'xyz']);
    expect(clock.pending).toBe(0);
  });

  it('keeps writes in order even when an early one is slow', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    let value = 'old';
    const saver = createThrottledSaver({
      read: () => value,
      save: async (v) => {
        if (v === 'old') await new Promise<void>((resolve) => (release = resolve));
        order.push(v);
      },
      intervalMs: 1000,
      onError: () => undefined,
    });
    const first = saver.flush();
    await settle(); // the first write has read 'old' and is still running
    value = 'new';
    const second = saver.flush();
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['old', 'new']);
  });

  it('reports a failed write and keeps saving later changes', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const writes: string[] = [];
    const saver = createThrottledSaver({
      read: () => 'text',
      save: async (v) => {
        if (fail) throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
        writes.push(v);
      },
      intervalMs: 1000,
      onError: (error) => errors.push(error),
    });
    await saver.flush();
    expect(errors).toHaveLength(1);
    fail = false;
    await saver.flush();
    expect(writes).toEqual(['text']);
  });

  it('after dispose, changes schedule nothing', () => {
    const { clock, saver } = setup();
    saver.dispose();
    saver.changed();
    expect(clock.pending).toBe(0);
  });
});

describe('size-aware interval', () => {
  it('keeps the base interval for ordinary answers and spaces out writes of a runaway one', () => {
    expect(sizeAwareInterval(1000, 0)).toBe(1000);
    expect(sizeAwareInterval(1000, 1_000_000)).toBe(1000);
    expect(sizeAwareInterval(1000, 10_000_000)).toBe(3000);
    expect(sizeAwareInterval(1000, 50_000_000)).toBe(15_000);
  });

  it('is read when each write is scheduled', async () => {
    const { clock, writes, saver, set } = setup((value) => value.length * 100);
    set('a');
    saver.changed();
    clock.advance(0);
    await settle();
    set('abcdefghij');
    saver.changed();
    clock.advance(999);
    await settle();
    expect(writes).toEqual(['a']);
    clock.advance(1);
    await settle();
    expect(writes).toEqual(['a', 'abcdefghij']);
  });
});
