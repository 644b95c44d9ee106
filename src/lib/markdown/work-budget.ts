/**
 * How much rendering work may still run before the page should get a chance to draw. A markdown view
 * that finds time left takes one slice of text and more while time is left; one that finds none waits.
 */
export interface WorkBudget {
  hasTime(): boolean;
}

/** No limit: everything is rendered in the update that receives it (tests, one-off renders). */
export const UNLIMITED_BUDGET: WorkBudget = { hasTime: () => true };

export interface FrameClock {
  now(): number;
  /** Calls `callback` at the next animation frame. */
  nextFrame(callback: () => void): void;
}

const PAGE_CLOCK: FrameClock = {
  now: () => performance.now(),
  nextFrame: (callback) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(callback);
    else setTimeout(callback, 16);
  },
};

/**
 * At most `ms` milliseconds of work between two animation frames, shared by all views and all tasks in
 * between: a chunk arriving from the worker and the next frame's catch-up draw on the same time, so the
 * page always gets to draw between two slices of work. Without frames (a hidden tab) a new allowance
 * starts after `staleMs`.
 */
export function perFrameBudget(ms: number, clock: FrameClock = PAGE_CLOCK, staleMs = 100): WorkBudget {
  let windowStart: number | null = null;
  let generation = 0;
  return {
    hasTime(): boolean {
      const time = clock.now();
      if (windowStart === null || time - windowStart >= staleMs) {
        windowStart = time;
        const opened = ++generation;
        clock.nextFrame(() => {
          if (generation === opened) windowStart = null;
        });
      }
      return time - windowStart < ms;
    },
  };
}

/**
 * The budget the chat view's markdown shares: about a quarter of a 60 Hz frame, so even an answer that
 * arrives all at once leaves each frame time to draw and never makes a long task.
 */
export const FRAME_BUDGET: WorkBudget = perFrameBudget(4);
