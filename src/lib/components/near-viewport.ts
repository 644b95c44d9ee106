import { getContext, setContext } from 'svelte';

const SCROLL_ROOT = Symbol('scroll-root');

/** Lets views inside a scroller find it (for `whenNearViewport`); call in the scroller's component. */
export function provideScrollRoot(get: () => Element | undefined): void {
  setContext(SCROLL_ROOT, get);
}

/** The enclosing scroller, if a parent provided one (null: the page's viewport). */
export function scrollRoot(): () => Element | null {
  const get = getContext<(() => Element | undefined) | undefined>(SCROLL_ROOT);
  return () => get?.() ?? null;
}

/**
 * Calls `onNear` once `element` is within a screen's height of what `root` shows: far-away saved answers
 * wait until the reader scrolls towards them. Returns a function that stops watching.
 */
export function whenNearViewport(element: Element, root: Element | null, onNear: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onNear();
    return () => {};
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      onNear();
    },
    { root, rootMargin: '100% 0px' },
  );
  observer.observe(element);
  return () => observer.disconnect();
}
