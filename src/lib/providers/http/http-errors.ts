import type { ProviderConfig } from '../../vocabulary/chat';
import { ProviderError } from '../errors';
import {
  badResponseText,
  contextExceededText,
  httpStatusText,
  modelNotFoundText,
  streamBrokenText,
  type HttpProviderKind,
  type ServerVoice,
} from './http-error-text';

/**
 * Typed errors shared by the two HTTP providers (Ollama and OpenAI-compatible). Each one has
 * `provider` set and a message that says what to do; the server's own words are kept.
 */

export type { HttpProviderKind } from './http-error-text';

/** Who failed and for what, so messages can name the server, address and model. */
export interface HttpFailureContext extends ServerVoice {
  provider: HttpProviderKind;
  baseUrl: string;
  model?: string;
}

/** Who a provider's failures are about: its kind, its address, and the user's name and preset for it. */
export function failureContext(provider: HttpProviderKind, config: ProviderConfig): HttpFailureContext {
  return {
    provider,
    baseUrl: config.baseUrl,
    ...(config.name ? { name: config.name } : {}),
    ...(config.preset ? { preset: config.preset } : {}),
  };
}

/** The same, for a request of `model`. */
export function forModel(ctx: HttpFailureContext, model: string | undefined): HttpFailureContext {
  return model === undefined ? ctx : { ...ctx, model };
}

const MAX_DETAIL = 500;

/**
 * The server's own message from an error body: `{"error":"…"}` (Ollama), `{"error":{"message":…}}`
 * (OpenAI, LM Studio), `{"message":…}` / `{"detail":…}` (other servers), or plain text.
 */
export function serverMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text === '') return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null) return serverMessage(parsed) ?? clip(text);
    } catch {
      // not JSON: the text is the message
    }
    return clip(text);
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const error = record['error'];
  if (typeof error === 'string') return clip(error);
  if (typeof error === 'object' && error !== null) {
    const message = (error as Record<string, unknown>)['message'];
    if (typeof message === 'string') return clip(message);
  }
  for (const key of ['message', 'detail']) {
    const value = record[key];
    if (typeof value === 'string') return clip(value);
  }
  return undefined;
}

/**
 * A non-2xx answer as a typed error. A 404 (or 400) about the model, or an OpenAI
 * `model_not_found` code, becomes 'model-not-found'; anything else is 'http' with the status.
 */
export function httpStatusError(
  ctx: HttpFailureContext,
  status: number,
  detail: string | undefined,
  extra: { code?: unknown; cause?: unknown } = {},
): ProviderError {
  if (isContextExceeded(status, detail, extra.code)) {
    return new ProviderError('http', contextExceededText(ctx, detail), {
      provider: ctx.provider,
      status,
      cause: extra.cause,
    });
  }
  if (isModelNotFound(status, detail, extra.code)) {
    const said = detail ? ` (The server said: ${detail})` : '';
    return new ProviderError('model-not-found', modelNotFoundText(ctx, ctx.model) + said, {
      provider: ctx.provider,
      status,
      cause: extra.cause,
    });
  }
  return new ProviderError('http', httpStatusText(ctx, status, detail), {
    provider: ctx.provider,
    status,
    cause: extra.cause,
  });
}

/**
 * The prompt is longer than the model's context: llama.cpp's 400 "… exceeds the available context
 * size …" (type exceed_context_size_error), vLLM's and OpenAI's "maximum context length"
 * (code context_length_exceeded).
 */
function isContextExceeded(status: number, detail: string | undefined, code: unknown): boolean {
  if (code === 'context_length_exceeded') return true;
  if (status !== 400 && status !== 413) return false;
  return /exceeds? the available context size|maximum context length|context length exceeded|exceed_context_size/i.test(
    detail ?? '',
  );
}

function isModelNotFound(status: number, detail: string | undefined, code: unknown): boolean {
  if (code === 'model_not_found') return true;
  if ((status !== 404 && status !== 400) || detail === undefined) return false;
  return /\bmodel\b.*\b(not found|does not exist)/i.test(detail);
}

/** The answer started and then failed; the provider fills in the partial text. */
export function streamBrokenError(ctx: HttpFailureContext, reason: string, cause?: unknown): ProviderError {
  return new ProviderError('stream-broken', streamBrokenText(ctx, reason), {
    provider: ctx.provider,
    cause,
  });
}

/** A 2xx reply that is not what the API promises (HTML from a proxy, another server's JSON…). */
export function badResponseError(ctx: HttpFailureContext, detail: string, cause?: unknown): ProviderError {
  return new ProviderError('bad-response', badResponseText(ctx, detail), {
    provider: ctx.provider,
    cause,
  });
}

/** Puts the text received so far on an error (every kind keeps it, not only stream-broken). */
export function withPartial(error: ProviderError, text: string, reasoning: string): ProviderError {
  error.partialText = text;
  error.partialReasoning = reasoning;
  return error;
}

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
