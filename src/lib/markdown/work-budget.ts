/**
 * How much rendering work may still run before the page should get a chance to draw. A markdown view
 * always makes some progress per update (one slice of text), then continues while its budget has time.
 */
export interface WorkBudget {
  hasTime(): boolean;
}

/** No limit: everything is rendered in the update that receives it (tests, one-off renders). */
export const UNLIMITED_BUDGET: WorkBudget = { hasTime: () => true };

/**
 * At most `ms` milliseconds of work in every `windowMs` (a 60 Hz frame by default), shared by all views and
 * all tasks in the window: a chunk arriving from the worker and the next frame's catch-up draw on the same
 * time, so the page keeps the rest of each frame for style, layout and paint.
 */
export function perFrameBudget(
  ms: number,
  windowMs = 1000 / 60,
  now: () => number = () => performance.now(),
): WorkBudget {
  let windowStart = Number.NEGATIVE_INFINITY;
  return {
    hasTime(): boolean {
      const time = now();
      if (time - windowStart >= windowMs) windowStart = time;
      return time - windowStart < ms;
    },
  };
}

/**
 * The budget the chat view's markdown shares: about a third of a frame, so even an answer that arrives all
 * at once leaves frames time to draw and never makes a long task.
 */
export const FRAME_BUDGET: WorkBudget = perFrameBudget(6);
