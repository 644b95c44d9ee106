import { isHighlighterLoaded } from './highlight';
import { isMathLoaded } from './math';

/** The parts of the renderer loaded on first need: a block rendered without one is rendered again once it is in. */
export type LazyModule = 'highlighter' | 'math';

export function isLoaded(module: LazyModule): boolean {
  return module === 'highlighter' ? isHighlighterLoaded() : isMathLoaded();
}
