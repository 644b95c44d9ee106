// The markdown renderer for the chat view: incremental for streaming answers, sanitized, highlighted.
export { IncrementalMarkdown, type IncrementalMarkdownOptions } from './incremental';
export { renderMarkdown, type RenderMarkdownOptions } from './render-markdown';
export { createSanitizer, type SanitizerWindow } from './sanitizer';
export { attachCopyButtons, type CopyButtonOptions } from './copy-buttons';
export { attachMathCopy } from './math-copy';
export { attachDiagramToggles } from './diagram-toggles';
export { onRenderInputArrived } from './lazy-modules';
export { isMathLoaded, loadMath, onMathLoaded } from './math';
export { isSafeHref } from './sanitize-policy';
export {
  highlightCode,
  isHighlightable,
  isHighlighterLoaded,
  loadHighlighter,
  onHighlighterLoaded,
} from './highlight';
export type { MarkdownBlock, RenderedMarkdown, Sanitizer } from './types';
export { warmUpWhenIdle } from './idle-warm-up';
export { FRAME_BUDGET, UNLIMITED_BUDGET, perFrameBudget, type WorkBudget } from './work-budget';
