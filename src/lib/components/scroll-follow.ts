/** Where a scrollable element is: its scrollTop, scrollHeight and clientHeight. */
export interface ScrollMetrics {
  top: number;
  height: number;
  client: number;
}

/** How close to the end still counts as "at the bottom" (sub-pixel rounding, zoom). */
export const BOTTOM_SLACK_PX = 4;

export function distanceFromBottom(m: ScrollMetrics): number {
  return m.height - m.client - m.top;
}

export function isAtBottom(m: ScrollMetrics, slack = BOTTOM_SLACK_PX): boolean {
  return distanceFromBottom(m) <= slack;
}

/**
 * Whether to keep following new tokens after a scroll event. At the bottom: follow (this is also
 * how content that shrank, e.g. a collapsed reasoning block, keeps following). Moved up: stop at
 * once. Otherwise (scrolled down but not to the end): keep the current choice. `grownBy` is how
 * much the content grew since it was last laid out for the reader: a scroll down to what was the
 * end counts as the end even if a token arrived before the scroll event.
 */
export function followAfterScroll(
  following: boolean,
  previousTop: number,
  now: ScrollMetrics,
  grownBy = 0,
): boolean {
  const movedDown = now.top > previousTop + 0.5;
  if (isAtBottom(now, BOTTOM_SLACK_PX + (movedDown ? Math.max(0, grownBy) : 0))) return true;
  if (now.top < previousTop - 0.5) return false;
  return following;
}

/** Keys that scroll up when the list has focus. */
export const SCROLL_UP_KEYS: ReadonlySet<string> = new Set(['ArrowUp', 'PageUp', 'Home']);
