import type { ProviderKind } from './chat';

/**
 * Every failure a provider can report. A user's stop is `aborted`; the worker turns
 * that into a normal finish with reason `cancelled` that keeps the partial text.
 */
export type ProviderErrorKind =
  | 'connection' // nothing answered: server down, wrong port, or (in a browser) blocked by CORS
  | 'http' // the server answered with a non-2xx status
  | 'model-not-found'
  | 'stream-broken' // the answer started and then failed: dropped connection, error line, bad data
  | 'timeout' // no first token, or no next token, in the allowed time
  | 'aborted'
  | 'bad-response'; // the server's reply could not be understood at all

/** What crosses postMessage: plain data, no class instances. */
export interface ProviderErrorData {
  kind: ProviderErrorKind;
  message: string;
  /** What the user can do about it, e.g. how to enable CORS. */
  hint?: string;
  provider?: ProviderKind;
  status?: number;
  /** Set when a browser gave no reason, which is what a CORS block looks like. */
  corsSuspected?: boolean;
  /** Answer text received before the failure; never lost. */
  partialText: string;
  partialReasoning: string;
}
