/** Messages between the app and the diagram frame (a sandboxed iframe, see `diagram-frame.ts`). */

/** App → frame: draw `source` (Mermaid). */
export interface DrawRequest {
  type: 'draw';
  id: number;
  source: string;
}

/** Frame → app. */
export type FrameMessage =
  | { type: 'ready' }
  | { type: 'drawn'; id: number; svg: string }
  | { type: 'failed'; id: number; message: string };

/** A diagram's outcome as the app keeps it. */
export type DiagramResult =
  { kind: 'image'; url: string; width: number; height: number } | { kind: 'error'; message: string };

/** Whether `data` (from a message event, so anything) is a well-formed `FrameMessage`. */
export function isFrameMessage(data: unknown): data is FrameMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return true;
    case 'drawn':
      return typeof message.id === 'number' && typeof message.svg === 'string';
    case 'failed':
      return typeof message.id === 'number' && typeof message.message === 'string';
    default:
      return false;
  }
}

export function isDrawRequest(data: unknown): data is DrawRequest {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Record<string, unknown>;
  return message.type === 'draw' && typeof message.id === 'number' && typeof message.source === 'string';
}
