import type { ProviderKind } from './types';

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

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly hint?: string;
  readonly provider?: ProviderKind;
  readonly status?: number;
  readonly corsSuspected: boolean;
  partialText: string;
  partialReasoning: string;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    extra: Partial<Omit<ProviderErrorData, 'kind' | 'message'>> & { cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.kind = kind;
    this.hint = extra.hint;
    this.provider = extra.provider;
    this.status = extra.status;
    this.corsSuspected = extra.corsSuspected ?? false;
    this.partialText = extra.partialText ?? '';
    this.partialReasoning = extra.partialReasoning ?? '';
  }

  toData(): ProviderErrorData {
    const data: ProviderErrorData = {
      kind: this.kind,
      message: this.message,
      corsSuspected: this.corsSuspected,
      partialText: this.partialText,
      partialReasoning: this.partialReasoning,
    };
    if (this.hint !== undefined) data.hint = this.hint;
    if (this.provider !== undefined) data.provider = this.provider;
    if (this.status !== undefined) data.status = this.status;
    return data;
  }

  static fromData(data: ProviderErrorData): ProviderError {
    return new ProviderError(data.kind, data.message, data);
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}

/** True for the errors fetch, client libraries and AbortSignal produce on a user's abort. */
export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (error instanceof ProviderError) return error.kind === 'aborted';
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}

export function abortedError(provider: ProviderKind, partialText = '', partialReasoning = ''): ProviderError {
  return new ProviderError('aborted', 'Stopped.', { provider, partialText, partialReasoning });
}
