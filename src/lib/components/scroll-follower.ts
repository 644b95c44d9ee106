import { followAfterScroll, isAtBottom, SCROLL_UP_KEYS, type ScrollMetrics } from './scroll-follow';

/**
 * Keeps a scroller pinned to its end while the reader is there. Growth is seen by a
 * ResizeObserver (which runs once per frame, before paint), so there is at most one scroll per
 * frame and nothing is awaited per chunk. Any upward move by the reader stops following at once.
 */
export class ScrollFollower {
  private following = true;
  private lastTop = 0;
  /** scrollHeight when the reader last saw the content laid out (each frame's resize, each scroll). */
  private seenHeight = 0;
  private readonly observer: ResizeObserver;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly scroller: HTMLElement,
    content: HTMLElement,
    private readonly onChange: (following: boolean) => void,
  ) {
    this.observer = new ResizeObserver(() => {
      this.pin();
      this.seenHeight = this.scroller.scrollHeight;
    });
    this.observer.observe(content);
    this.observer.observe(scroller);
    this.listen('scroll', () => this.onScroll());
    this.listen('wheel', (event) => {
      if ((event as WheelEvent).deltaY < 0) this.set(false);
    });
    this.listen('touchmove', () => {
      if (!isAtBottom(this.metrics())) this.set(false);
    });
    this.listen('keydown', (event) => {
      if (SCROLL_UP_KEYS.has((event as KeyboardEvent).key)) this.set(false);
    });
    this.lastTop = scroller.scrollTop;
    this.seenHeight = scroller.scrollHeight;
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** Follow again and go to the end now (the "Jump to latest" button, a new conversation). */
  jumpToEnd(): void {
    this.set(true);
    this.pin();
  }

  /** Stop following and leave the reader where the page scrolls them (search opened a message). */
  release(): void {
    this.set(false);
  }

  destroy(): void {
    this.observer.disconnect();
    for (const cleanup of this.cleanups) cleanup();
  }

  private listen(type: string, handler: (event: Event) => void): void {
    this.scroller.addEventListener(type, handler, { passive: true });
    this.cleanups.push(() => this.scroller.removeEventListener(type, handler));
  }

  private metrics(): ScrollMetrics {
    const s = this.scroller;
    return { top: s.scrollTop, height: s.scrollHeight, client: s.clientHeight };
  }

  private pin(): void {
    if (!this.following) return;
    const s = this.scroller;
    const end = s.scrollHeight - s.clientHeight;
    if (s.scrollTop < end - 1) s.scrollTop = end;
    this.lastTop = s.scrollTop;
  }

  private onScroll(): void {
    const now = this.metrics();
    this.set(followAfterScroll(this.following, this.lastTop, now, now.height - this.seenHeight));
    this.lastTop = now.top;
    this.seenHeight = now.height;
  }

  private set(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.onChange(following);
  }
}
