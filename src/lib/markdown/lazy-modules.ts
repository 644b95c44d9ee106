import { onDiagramDrawn } from '../diagrams/diagrams';
import { isHighlighterLoaded, onHighlighterLoaded } from './highlight';
import { isMathLoaded, onMathLoaded } from './math';

/** The parts of the renderer loaded on first need: a block rendered without one is rendered again once it is in. */
export type LazyModule = 'highlighter' | 'math';

const MODULES: Record<LazyModule, { isLoaded(): boolean; onLoaded(listener: () => void): () => void }> = {
  highlighter: { isLoaded: isHighlighterLoaded, onLoaded: onHighlighterLoaded },
  math: { isLoaded: isMathLoaded, onLoaded: onMathLoaded },
};

export function isLoaded(module: LazyModule): boolean {
  return MODULES[module].isLoaded();
}

/**
 * Calls `listener` each time something a rendered block may have waited for arrives: a module loads, or a
 * diagram has been drawn. A view then updates its renderer, which renders again the blocks that waited.
 * Returns an unsubscribe function.
 */
export function onRenderInputArrived(listener: () => void): () => void {
  // A module loaded already calls at once: it may have come in after the view last rendered.
  const stops = Object.values(MODULES).map((module) => module.onLoaded(listener));
  stops.push(onDiagramDrawn(listener));
  return () => {
    for (const stop of stops) stop();
  };
}
