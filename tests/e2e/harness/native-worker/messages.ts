/** Messages between the harness page and its worker (test-only; the app has its own protocol). */
import type { ProviderErrorData } from '../../../../src/lib/providers/errors';
import type { StreamEvent } from '../../../../src/lib/vocabulary/chat';

export interface RunRequest {
  type: 'run';
  id: number;
  baseUrl: string;
  model?: string;
  /** Abort (in the worker) once this many text events have arrived. */
  stopAfterTexts?: number;
}

export type HarnessRequest = RunRequest | { type: 'list'; id: number; baseUrl: string };

export type HarnessReply =
  | { type: 'event'; id: number; event: StreamEvent }
  | { type: 'done'; id: number; result?: unknown }
  | { type: 'failed'; id: number; error: ProviderErrorData }
  /** Something escaped the provider inside the worker (must never happen). */
  | { type: 'uncaught'; what: string };

/** What one run looked like from the page. */
export interface RunOutcome {
  events: StreamEvent[];
  result?: unknown;
  error?: ProviderErrorData;
}
