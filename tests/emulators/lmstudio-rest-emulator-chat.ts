import { LLAMA_CPP_NO_VISION, LMSTUDIO_NO_VISION, openAIImages } from './image-checks';
import {
  holdOpen,
  responseSink,
  sendJson,
  sendRawBody,
  sendScenarioError,
  type HttpExchange,
} from './http-base';
import {
  DEFAULT_FAIL_MESSAGE,
  estimatePromptTokens,
  pause,
  playScenario,
  scriptedTokens,
} from './http-pacing';
import { LMStudioReply, openAIError, type LMStudioChatSettings } from './lmstudio-rest-emulator-reply';

export type { LMStudioChatSettings } from './lmstudio-rest-emulator-reply';
export { openAIError } from './lmstudio-rest-emulator-reply';

type Json = Record<string, unknown>;

/**
 * POST /v1/chat/completions as LM Studio answers it. Streaming is `text/event-stream` with one
 * `data: {chat.completion.chunk}` event per token (the first delta also carries
 * `role: "assistant"`, as captures of LM Studio show), reasoning in `delta.reasoning_content`,
 * tool calls as `delta.tool_calls` pieces, a chunk with `finish_reason` and an empty delta,
 * then — only when `stream_options.include_usage` is set — a chunk with `choices: []` and
 * `usage`, then `data: [DONE]`. Without `stream` the reply is one `chat.completion` object.
 * Errors are `{"error":{"message","type","param","code"}}` (404 `model_not_found` for an
 * unknown model); a failure mid-stream is a `data: {"error":{…}}` event.
 */

export async function handleLMStudioChat(
  exchange: HttpExchange,
  settings: LMStudioChatSettings,
): Promise<void> {
  const { res, seen, scenario } = exchange;
  if (scenario.httpError) return sendScenarioError(res, scenario.httpError);
  if (scenario.rawBody) {
    return exchange.recordOutcome(await sendRawBody(res, scenario.rawBody, 'text/event-stream'));
  }
  const request = typeof seen.body === 'object' && seen.body !== null ? (seen.body as Json) : undefined;
  if (request === undefined) {
    return sendJson(
      res,
      400,
      openAIError('Invalid JSON in request body', 'invalid_request_error', null, null),
    );
  }
  if (!Array.isArray(request['messages'])) {
    const message = "'messages' field is required";
    return sendJson(
      res,
      400,
      openAIError(message, 'invalid_request_error', 'messages', 'missing_required_parameter'),
    );
  }
  const images = openAIImages(request['messages']);
  if ('error' in images)
    return sendJson(res, images.status, openAIError(images.error, 'server_error', null, null));
  const askedModel = typeof request['model'] === 'string' ? request['model'] : settings.models[0];
  if (images.images.length > 0 && settings.visionModels && !settings.visionModels.includes(askedModel ?? ''))
    return settings.flavor === 'lmstudio'
      ? sendJson(res, 400, { error: LMSTUDIO_NO_VISION })
      : sendJson(res, 500, openAIError(LLAMA_CPP_NO_VISION, 'server_error', null, null));
  const refused = continuationError(request);
  if (refused) return sendJson(res, 400, openAIError(refused, 'invalid_request_error', null, null));
  const asked = typeof request['model'] === 'string' ? request['model'] : undefined;
  // llama-server (one model) answers with its model whatever the request names.
  if (asked !== undefined && !settings.models.includes(asked) && settings.flavor !== 'llama.cpp') {
    const message = `Model "${asked}" not found. Please specify a valid model.`;
    return sendJson(res, 404, openAIError(message, 'invalid_request_error', 'model', 'model_not_found'));
  }
  if (scenario.neverAnswer) {
    await holdOpen(res);
    return exchange.recordOutcome('gone');
  }
  // With no model named, LM Studio answers with the loaded one.
  const known = asked !== undefined && settings.models.includes(asked) ? asked : undefined;
  const model = (settings.flavor === 'llama.cpp' ? known : asked) ?? settings.models[0] ?? 'local-model';
  settings.onModelUsed?.(model);
  const promptTokens = estimatePromptTokens(request['messages']);
  if (settings.flavor === 'llama.cpp' && promptTokens > (settings.contextLimit ?? Number.POSITIVE_INFINITY)) {
    // llama.cpp's words and fields (tools/server: ERROR_TYPE_EXCEED_CONTEXT_SIZE).
    return sendJson(res, 400, {
      error: {
        code: 400,
        message: `request (${promptTokens} tokens) exceeds the available context size (${settings.contextLimit} tokens), try increasing it`,
        type: 'exceed_context_size_error',
        n_prompt_tokens: promptTokens,
        n_ctx: settings.contextLimit,
      },
    });
  }
  const reply = new LMStudioReply(model, scenario, promptTokens, settings);
  if (request['stream'] !== true) return answerWhole(exchange, reply);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  const includeUsage = (request['stream_options'] as Json | undefined)?.['include_usage'] === true;
  exchange.recordOutcome(await playScenario(scenario, responseSink(res), reply.sseFormat(includeUsage)));
}

async function answerWhole(exchange: HttpExchange, reply: LMStudioReply): Promise<void> {
  const { res, scenario } = exchange;
  const sink = responseSink(res);
  const count = scriptedTokens(scenario).length;
  await pause(
    (scenario.firstTokenDelayMs ?? 0) + (scenario.tokenDelayMs ?? 0) * Math.max(0, count - 1),
    sink,
  );
  if (scenario.dropAfterTokens !== undefined) return sink.destroy();
  if (scenario.stallAfterTokens !== undefined) return holdOpen(res);
  if (scenario.failAfterTokens !== undefined) {
    return sendJson(
      res,
      500,
      openAIError(scenario.failMessage ?? DEFAULT_FAIL_MESSAGE, 'server_error', null, null),
    );
  }
  if (scenario.malformedAfterTokens !== undefined) {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    return void res.end('{"id":"chatcmpl-broken","object":"chat.comp');
  }
  sendJson(res, 200, reply.whole());
}

/**
 * The checks vLLM and llama.cpp server make of a request that continues the final message
 * (vLLM's check_generation_prompt, llama.cpp's oaicompat_chat_params_parse), with their words.
 */
function continuationError(request: Json): string | undefined {
  const messages = request['messages'] as { role?: unknown }[];
  const roles = messages.map((m) => m?.role);
  if (roles.at(-1) === 'assistant' && roles.at(-2) === 'assistant')
    return 'Cannot have 2 or more assistant messages at the end of the list.';
  if (request['continue_final_message'] !== true) return undefined;
  if (request['add_generation_prompt'] !== false)
    return 'Cannot set both `continue_final_message` and `add_generation_prompt` to True.';
  if (roles.at(-1) !== 'assistant')
    return 'continue_final_message is set but the final message is not from the assistant.';
  return undefined;
}
