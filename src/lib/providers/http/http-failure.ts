import { ProviderError } from '../errors';
import { connectionFailure, isFetchFailure } from './http-connection';
import { badResponseError, streamBrokenError, type HttpFailureContext } from './http-errors';
import type { DescribeFailure } from './http-stream';
import { MalformedLineError } from './ndjson-lines';

/** How a provider recognises its client library's own failures. */
export interface ClientFailureRules {
  /** What a stream line that does not parse is called, e.g. "a line that is not JSON". */
  malformedLine: string;
  /** Maps the library's errors to typed errors; undefined leaves the error to the shared rules. */
  describe(error: unknown, started: boolean): ProviderError | Promise<ProviderError> | undefined;
}

/**
 * The failure rules both HTTP providers share, around the client library's own: a typed error
 * passes through and an unparsable line breaks the stream; after the library's rules, a failure
 * once the answer began means the connection dropped mid-answer, fetch's TypeError means nothing
 * answered, and anything else is an unexpected reply.
 */
export function describeHttpFailure(
  ctx: HttpFailureContext,
  signal: AbortSignal,
  rules: ClientFailureRules,
): DescribeFailure {
  return async (error, started) => {
    if (error instanceof ProviderError) return error;
    if (error instanceof MalformedLineError) {
      return streamBrokenError(ctx, `the server sent ${rules.malformedLine}`, error);
    }
    const described = rules.describe(error, started);
    if (described !== undefined) return described;
    if (started) return streamBrokenError(ctx, `the connection dropped (${errorText(error)})`, error);
    if (isFetchFailure(error)) return connectionFailure(error, ctx, { signal });
    return badResponseError(ctx, errorText(error), error);
  };
}

/** An error's message, or the thrown value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
