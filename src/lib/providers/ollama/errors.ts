import { ProviderError } from '../errors';
import {
  badResponseError,
  httpStatusError,
  serverMessage,
  type HttpFailureContext,
} from '../http/http-errors';
import { describeHttpFailure, errorText } from '../http/http-failure';
import type { DescribeFailure } from '../http/http-stream';
import { otherServerText } from '../http/http-error-text';

/**
 * Ollama failures as typed errors. ollama-js throws its (unexported) `ResponseError` with
 * `status_code` and the body's `error` for a non-2xx answer, and fetch's TypeError when nothing
 * answered; a TypeError after the headers means the connection dropped mid-answer.
 */
export function describeOllamaFailure(ctx: HttpFailureContext, signal: AbortSignal): DescribeFailure {
  return describeHttpFailure(ctx, signal, {
    malformedLine: 'a line that is not JSON',
    describe(error, started) {
      const status = responseErrorStatus(error);
      if (status !== undefined) {
        const body = (error as { error?: unknown }).error;
        return httpStatusError(ctx, status, serverMessage(body) ?? errorText(error), { cause: error });
      }
      if (started && error instanceof SyntaxError) {
        return badResponseError(ctx, 'the reply is not JSON', error);
      }
      return undefined;
    },
  });
}

function responseErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, status_code: status } = error as { name?: unknown; status_code?: unknown };
  return name === 'ResponseError' && typeof status === 'number' ? status : undefined;
}

/**
 * Ollama streams `application/x-ndjson` and sends errors before the stream with a non-2xx status,
 * so a 2xx plain-JSON reply holding only `{"error"}` comes from another server on that port.
 */
export function otherServerReply(
  ctx: HttpFailureContext,
  contentType: string,
  chunk: unknown,
): ProviderError | undefined {
  if (/ndjson/i.test(contentType) || !/json/i.test(contentType)) return undefined;
  if (typeof chunk !== 'object' || chunk === null || !('error' in chunk) || 'message' in chunk)
    return undefined;
  const said = serverMessage(chunk) ?? 'an error';
  return new ProviderError('bad-response', otherServerText(ctx, ctx.baseUrl, said), {
    provider: ctx.provider,
  });
}
