import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenIdle } from '../../src/lib/markdown/idle-warm-up';

/** requestIdleCallback as the page has it: each call is answered with an idle period of `idleMs`. */
function stubIdle(idleMs: number) {
  const calls: (() => void)[] = [];
  vi.stubGlobal('requestIdleCallback', (cb: (deadline: { timeRemaining(): number }) => void) => {
    calls.push(() => cb({ timeRemaining: () => idleMs }));
    return calls.length;
  });
  return { runIdle: () => calls.splice(0).forEach((call) => call()), pending: () => calls.length };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the idle warm-up waits for an idle page with no answer streaming', () => {
  it('while an answer streams it does not ask for idle time at all; after, it runs in a long idle period', () => {
    vi.useFakeTimers();
    const idle = stubIdle(50);
    let streaming = true;
    const ran = vi.fn();
    whenIdle(ran, () => streaming);
    vi.advanceTimersByTime(5_000);
    expect(idle.pending()).toBe(0);
    expect(ran).not.toHaveBeenCalled();
    streaming = false;
    vi.advanceTimersByTime(500);
    idle.runIdle();
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it('an answer that starts between the request and the idle period defers it again', () => {
    vi.useFakeTimers();
    const idle = stubIdle(50);
    let streaming = false;
    const ran = vi.fn();
    whenIdle(ran, () => streaming);
    streaming = true;
    idle.runIdle();
    expect(ran).not.toHaveBeenCalled();
    streaming = false;
    vi.advanceTimersByTime(500);
    idle.runIdle();
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it('short idle periods (frames running) are passed over', () => {
    const idle = stubIdle(10);
    const ran = vi.fn();
    whenIdle(ran, () => false);
    idle.runIdle();
    idle.runIdle();
    expect(ran).not.toHaveBeenCalled();
    expect(idle.pending()).toBe(1);
  });
});
