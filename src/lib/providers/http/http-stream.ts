import { AnswerAccumulator } from '../collect';
import { abortedError, isAbortError, type ProviderError } from '../errors';
import type { HttpProviderKind } from './http-error-text';
import { withPartial } from './http-errors';
import type { StreamEventBatch } from '../../vocabulary/chat';

/**
 * What both HTTP providers do around a streamed answer: give the request its own abort (so
 * stopping one answer closes exactly its connection), remember the text so far, and turn any
 * failure into a typed error that keeps it.
 */

/** One request's abort: follows the caller's signal, and `release()` ends only this request. */
export class RequestAbort {
  private readonly controller = new AbortController();
  private readonly follow = (): void => this.controller.abort(this.parent.reason);

  constructor(private readonly parent: AbortSignal) {
    if (parent.aborted) this.controller.abort(parent.reason);
    else parent.addEventListener('abort', this.follow, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Closes the connection if it is still open (a no-op once the body was read) and unhooks. */
  release(): void {
    this.parent.removeEventListener('abort', this.follow);
    this.controller.abort();
  }
}

/** Handed to a stream source: its request signal, and a call to mark that headers arrived. */
export interface StreamRun {
  readonly signal: AbortSignal;
  started(): void;
}

/** A request's abort plus the run handed to its source, which records when headers arrived. */
function startRun(callerSignal: AbortSignal): {
  request: RequestAbort;
  run: StreamRun;
  started: () => boolean;
} {
  const request = new RequestAbort(callerSignal);
  let headersIn = false;
  const run: StreamRun = {
    signal: request.signal,
    started: () => {
      headersIn = true;
    },
  };
  return { request, run, started: () => headersIn };
}

/** Maps a failure to a typed error; `started` says whether the answer had begun streaming. */
export type DescribeFailure = (error: unknown, started: boolean) => ProviderError | Promise<ProviderError>;

/**
 * Runs `source` (event batches, one per network read) with a request-scoped signal. An abort of
 * `callerSignal` ends it with kind 'aborted'; any other failure goes through `describe`. Either
 * way the partial answer, every event of every batch passed on, is kept.
 */
export async function* guardStream(
  provider: HttpProviderKind,
  callerSignal: AbortSignal,
  source: (run: StreamRun) => AsyncIterable<StreamEventBatch>,
  describe: DescribeFailure,
): AsyncGenerator<StreamEventBatch, void, undefined> {
  const { request, run, started } = startRun(callerSignal);
  const answer = new AnswerAccumulator();
  try {
    for await (const batch of source(run)) {
      for (const event of batch) answer.add(event);
      yield batch;
    }
  } catch (error) {
    const typed = isAbortError(error, callerSignal)
      ? abortedError(provider)
      : await describe(error, started());
    throw withPartial(typed, answer.text, answer.reasoning);
  } finally {
    request.release();
  }
}

/** Runs one non-streamed request with its own abort, mapping failures like `guardStream`. */
export async function guardRequest<T>(
  provider: HttpProviderKind,
  callerSignal: AbortSignal,
  action: (run: StreamRun) => Promise<T>,
  describe: DescribeFailure,
): Promise<T> {
  const { request, run, started } = startRun(callerSignal);
  try {
    return await action(run);
  } catch (error) {
    throw await typedFailure(provider, callerSignal, error, describe, started());
  } finally {
    request.release();
  }
}

/** An abort wins, also one that comes while the failure is being diagnosed (the CORS probe). */
async function typedFailure(
  provider: HttpProviderKind,
  callerSignal: AbortSignal,
  error: unknown,
  describe: DescribeFailure,
  started: boolean,
): Promise<ProviderError> {
  if (isAbortError(error, callerSignal)) return abortedError(provider);
  const typed = await describe(error, started);
  return callerSignal.aborted ? abortedError(provider) : typed;
}
