import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { ProviderError } from '../errors';
import { connectionFailure } from '../http/http-connection';
import { timeoutText } from '../http/http-error-text';
import { httpStatusError, serverMessage, type HttpFailureContext } from '../http/http-errors';
import { describeHttpFailure } from '../http/http-failure';
import type { DescribeFailure } from '../http/http-stream';

/**
 * OpenAI-compatible failures as typed errors. The openai package throws `APIConnectionError`
 * (cause: fetch's TypeError) when nothing answered, `APIConnectionTimeoutError`, and an
 * `APIError` subclass with `status` and the body's `error` for a non-2xx answer. After the
 * headers, a TypeError means the connection dropped mid-answer.
 */
export function describeOpenAIFailure(ctx: HttpFailureContext, signal: AbortSignal): DescribeFailure {
  return describeHttpFailure(ctx, signal, {
    malformedLine: 'an event that is not JSON',
    describe(error) {
      if (error instanceof APIConnectionTimeoutError) {
        return new ProviderError('timeout', timeoutText(ctx), {
          provider: ctx.provider,
          cause: error,
        });
      }
      if (error instanceof APIConnectionError) {
        // A typed refusal from under fetch (the worker's network guard) is already what to show.
        if (error.cause instanceof ProviderError) return error.cause;
        return connectionFailure(error.cause ?? error, ctx, { signal });
      }
      if (error instanceof APIError && typeof error.status === 'number') {
        return httpStatusError(ctx, error.status, apiErrorDetail(error), { code: error.code, cause: error });
      }
      return undefined;
    },
  });
}

/** The server's words: the body's `error` (string or {message}), else its non-JSON text. */
function apiErrorDetail(error: APIError): string | undefined {
  const fromBody = serverMessage({ error: error.error });
  if (fromBody !== undefined) return fromBody;
  // For a non-JSON body the package's message is "<status> <body text>".
  const text = error.message.replace(/^\d{3} /, '');
  return /status code \(no body\)$/.test(text) ? undefined : text;
}
