import type { ProviderKind } from '../vocabulary/chat';
import type { ProviderErrorData, ProviderErrorKind } from '../vocabulary/errors';

export type { ProviderErrorData, ProviderErrorKind };

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
