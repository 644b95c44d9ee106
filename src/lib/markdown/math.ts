import { lazyModule } from './lazy-module';
import { RecentCache } from './recent-cache';

/** What the lazily loaded KaTeX module provides. */
interface MathRenderer {
  renderFormula(tex: string, display: boolean): string;
}

const katex = lazyModule<MathRenderer>(
  () => import('./math-katex'),
  'could not load KaTeX; math stays as source',
);

/** Rendered formulas by source: the streaming tail renders the same formulas again on every update. */
const cache = new RecentCache<string, string>(1000);

/**
 * Loads KaTeX, its CSS and fonts (a separate chunk, served by Brook) once; later calls return the same promise.
 * The renderer starts this itself when it meets the first formula.
 */
export const loadMath = katex.load;

export function isMathLoaded(): boolean {
  return katex.get() !== null;
}

/** Calls `listener` once KaTeX has loaded (at once if it has). Returns an unsubscribe function. */
export const onMathLoaded = katex.onLoaded;

/** KaTeX's (unsanitized) HTML and MathML for `tex`, or null until KaTeX has loaded. */
export function renderFormula(tex: string, display: boolean): string | null {
  const mathRenderer = katex.get();
  if (!mathRenderer) return null;
  return cache.get((display ? 'D' : 'I') + tex, () => mathRenderer.renderFormula(tex, display));
}
