import type { DiagramResult } from './protocol';

/** Draws one diagram; the app's is the sandboxed frame, tests may set another. */
export type DiagramDrawer = (source: string) => Promise<DiagramResult>;

let drawer: DiagramDrawer | null = null;
const results = new Map<string, DiagramResult>();
const drawing = new Set<string>();
const listeners = new Set<() => void>();
/** Diagrams kept (and their blob: URLs); an older one is drawn again if it is shown again. */
const MAX_RESULTS = 200;

/** The drawer to use (tests); by default the sandboxed diagram frame, made on the first diagram. */
export function setDiagramDrawer(custom: DiagramDrawer | null): void {
  drawer = custom;
}

async function defaultDrawer(): Promise<DiagramDrawer> {
  const { DiagramFrame } = await import('./diagram-frame');
  const frame = new DiagramFrame();
  return (source) => frame.draw(source);
}

/** A diagram's key: its source without trailing blank space (a fence's last newline is not part of it). */
export function diagramKey(source: string): string {
  return source.trimEnd();
}

/** The drawn diagram (or its error) for `source`, if drawing it has finished. */
export function diagramResult(source: string): DiagramResult | undefined {
  return results.get(diagramKey(source));
}

/** Starts drawing `source` unless it is drawn or being drawn; listeners hear when it is done. */
export function requestDiagram(source: string): void {
  const key = diagramKey(source);
  if (results.has(key) || drawing.has(key)) return;
  drawing.add(key);
  void (async () => {
    drawer ??= await defaultDrawer();
    const result = await drawer(key);
    drawing.delete(key);
    if (results.size >= MAX_RESULTS) forget(results.keys().next().value!);
    results.set(key, result);
    for (const listener of listeners) listener();
  })();
}

function forget(key: string): void {
  const old = results.get(key);
  if (old?.kind === 'image') URL.revokeObjectURL(old.url);
  results.delete(key);
}

/** Calls `listener` each time a diagram has been drawn (or failed). Returns an unsubscribe function. */
export function onDiagramDrawn(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
