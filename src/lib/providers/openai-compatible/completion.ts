import { isJsonObject, type JsonObject } from '../../vocabulary/json';
import { openAIModelEntry } from './models';
import {
  badResponseError,
  httpStatusError,
  serverMessage,
  type HttpFailureContext,
} from '../http/http-errors';
import { unifiedReason, usageStats } from './stream';
import { ToolCallAssembler } from './tool-calls';
import type { ChatResult, ModelInfo } from '../../vocabulary/chat';

/**
 * Whole (non-streamed) OpenAI-compatible replies: a `chat.completion`, and the `/models` list.
 * LM Studio answers an unknown path (e.g. an address without /v1) with HTTP 200 and
 * `{"error":"Unexpected endpoint or method. (…)"}`, so an `error` key is checked before any data.
 */

/** Throws the server's error when a 2xx body carries one. */
export function throwIfErrorBody(ctx: HttpFailureContext, status: number, body: unknown): void {
  if (isJsonObject(body) && body['error']) throw httpStatusError(ctx, status, serverMessage(body));
}

export function completionResult(ctx: HttpFailureContext, reply: unknown): ChatResult {
  const body = typeof reply === 'string' ? parseJson(ctx, reply) : reply;
  throwIfErrorBody(ctx, 200, body);
  const choices = isJsonObject(body) && Array.isArray(body['choices']) ? body['choices'] : undefined;
  const choice: unknown = choices?.[0];
  if (!isJsonObject(body) || !isJsonObject(choice)) throw badResponseError(ctx, 'the reply has no "choices"');
  const message = isJsonObject(choice['message']) ? choice['message'] : {};
  const assembler = new ToolCallAssembler();
  if (Array.isArray(message['tool_calls'])) {
    message['tool_calls'].forEach((call: unknown, index) =>
      assembler.add({ index, ...(isJsonObject(call) ? call : {}) }),
    );
  }
  const toolCalls = assembler.drain();
  const raw = typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : undefined;
  const result: ChatResult = {
    text: text(message['content']),
    reasoning: text(message['reasoning_content']) || text(message['reasoning']),
    toolCalls,
    finishReason: unifiedReason(raw, toolCalls.length > 0),
    stats: usageStats(body['usage'], body['timings']),
  };
  if (raw !== undefined) result.rawFinishReason = raw;
  if (typeof body['model'] === 'string') result.model = body['model'];
  return result;
}

/** `GET /models` → `{"object":"list","data":[{"id","object":"model","owned_by"}]}`. */
export function modelList(ctx: HttpFailureContext, reply: unknown): ModelInfo[] {
  const body = typeof reply === 'string' ? parseJson(ctx, reply) : reply;
  throwIfErrorBody(ctx, 200, body);
  const data = isJsonObject(body) ? body['data'] : undefined;
  if (!Array.isArray(data)) throw badResponseError(ctx, 'the model list has no "data"');
  return data
    .filter((model): model is JsonObject => isJsonObject(model) && typeof model['id'] === 'string')
    .map(openAIModelEntry);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function parseJson(ctx: HttpFailureContext, reply: string): unknown {
  try {
    return JSON.parse(reply) as unknown;
  } catch (error) {
    throw badResponseError(ctx, 'the reply is not JSON', error);
  }
}
