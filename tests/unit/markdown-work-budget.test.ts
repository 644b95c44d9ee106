import { describe, expect, it } from 'vitest';
import { perFrameBudget } from '../../src/lib/markdown/work-budget';
import { firstEagerIndex } from '../../src/lib/components/eager-messages';

describe('perFrameBudget', () => {
  function fakeClock() {
    const frames: (() => void)[] = [];
    return {
      time: 1000,
      now() {
        return this.time;
      },
      nextFrame: (callback: () => void) => frames.push(callback),
      /** Runs the callbacks waiting for the next frame. */
      frame: () => frames.splice(0).forEach((callback) => callback()),
      /** Runs only the oldest waiting callback. */
      oldestFrameCallback: () => frames.shift()?.(),
    };
  }

  it('allows `ms` of work between two frames, shared by every caller in between', () => {
    const clock = fakeClock();
    const budget = perFrameBudget(6, clock);
    expect(budget.hasTime()).toBe(true); // opens an allowance at 1000
    clock.time = 1005;
    expect(budget.hasTime()).toBe(true);
    clock.time = 1006;
    expect(budget.hasTime()).toBe(false);
    clock.time = 1030; // a long task ran: still no new allowance before a frame was drawn
    expect(budget.hasTime()).toBe(false);
    clock.frame();
    clock.time = 1031;
    expect(budget.hasTime()).toBe(true);
    clock.time = 1040;
    expect(budget.hasTime()).toBe(false);
  });

  it('starts a new allowance after `staleMs` when no frame comes (a hidden tab)', () => {
    const clock = fakeClock();
    const budget = perFrameBudget(6, clock, 100);
    budget.hasTime();
    clock.time = 1099;
    expect(budget.hasTime()).toBe(false);
    clock.time = 1100;
    expect(budget.hasTime()).toBe(true);
    // The frame the stale allowance asked for does not end the new one early.
    clock.time = 1107;
    clock.oldestFrameCallback();
    expect(budget.hasTime()).toBe(false);
    clock.frame();
    expect(budget.hasTime()).toBe(true);
  });
});

describe('which messages of an opened conversation render at once', () => {
  const messages = (...lengths: number[]) => lengths.map((length) => ({ content: 'x'.repeat(length) }));

  it('renders everything when the conversation is short', () => {
    expect(firstEagerIndex(messages(10, 20, 30), 100)).toBe(0);
    expect(firstEagerIndex([], 100)).toBe(0);
  });

  it('renders the end of a long conversation, up to the limit', () => {
    expect(firstEagerIndex(messages(50, 50, 40, 30, 20), 100)).toBe(2);
    expect(firstEagerIndex(messages(50, 50, 40, 30, 31), 100)).toBe(3);
  });

  it('always renders the last message, however long', () => {
    expect(firstEagerIndex(messages(10, 500), 100)).toBe(1);
    expect(firstEagerIndex(messages(500), 100)).toBe(0);
  });
});
