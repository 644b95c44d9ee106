import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startHttpEmulator, type HttpEmulatorHandle, type HttpExchange } from './http-base';
import { handleLMStudioChat, openAIError, type LMStudioChatSettings } from './lmstudio-rest-emulator-chat';
import { lmstudioV0Models, v1ModelEntries, type ServerFlavor } from './openai-model-lists';

/**
 * LM Studio's OpenAI-compatible server for tests: GET /v1/models, POST /v1/chat/completions
 * (SSE and whole replies). Like LM Studio, any other path or method gets HTTP 200 with
 * `{"error":"Unexpected endpoint or method. (METHOD /path)"}`. CORS headers are sent only
 * with `cors: true` (LM Studio's "Enable CORS" toggle, off by default); without it a
 * browser's preflight gets that same "unexpected endpoint" reply with no CORS headers.
 * `url` ends in /v1, as a client's base URL does.
 */

export interface LMStudioRestEmulatorOptions {
  /** Model ids the server has (default: two). */
  models?: string[];
  /** LM Studio's "Enable CORS". */
  cors?: boolean;
  /** When set, requests need `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** Where reasoning goes in deltas (default LM Studio's `reasoning_content`). */
  reasoningField?: LMStudioChatSettings['reasoningField'];
  /**
   * Which server it plays (default LM Studio): what `/v1/models` says, whether LM Studio's own
   * `/api/v0/models` exists, and how an unknown path is answered (llama.cpp and vLLM: 404).
   */
  flavor?: ServerFlavor;
  /** A fixed port (default: any free one), e.g. a server's documented one for "Find servers". */
  port?: number;
  /** Models that take images (default: all); LM Studio's list marks them `vlm`. */
  visionModels?: string[];
  /**
   * llama.cpp: the context of its request slot (`/props` default_generation_settings.n_ctx,
   * default 4096); a prompt longer than this (four characters a token) is refused with llama.cpp's
   * 400 `exceed_context_size_error`.
   */
  contextLimit?: number;
}

export const DEFAULT_LMSTUDIO_MODELS = ['qwen2.5-7b-instruct', 'qwen/qwen3-4b'];

/** llama.cpp's /props, the parts a client reads (tools/server: default_generation_settings, total_slots). */
function llamaCppProps(contextLimit: number): Record<string, unknown> {
  return {
    default_generation_settings: { n_ctx: contextLimit, params: { n_predict: -1, temperature: 0.8 } },
    total_slots: 1,
    model_path: '/models/model.gguf',
    chat_template: '{{ messages }}',
    build_info: 'b6000-emulator',
  };
}

/** Express `cors()` defaults: any origin, reflected request headers, 204 for a preflight. */
function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
    Vary: 'Access-Control-Request-Headers',
    'Content-Length': 0,
  });
  res.end();
  return true;
}

export function startLMStudioRestEmulator(
  options: LMStudioRestEmulatorOptions = {},
): Promise<HttpEmulatorHandle> {
  const settings: LMStudioChatSettings = {
    models: options.models ?? DEFAULT_LMSTUDIO_MODELS,
    reasoningField: options.reasoningField ?? 'reasoning_content',
    flavor: options.flavor ?? 'lmstudio',
    ...(options.visionModels ? { visionModels: options.visionModels } : {}),
    ...(options.contextLimit !== undefined ? { contextLimit: options.contextLimit } : {}),
  };
  return startHttpEmulator(
    async (exchange: HttpExchange) => {
      const { req, res, seen } = exchange;
      if (options.cors && applyCors(req, res)) return;
      const route = `${seen.method} ${seen.path}`;
      if (
        options.apiKey !== undefined &&
        (route === 'GET /v1/models' || route === 'POST /v1/chat/completions')
      ) {
        if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
          return sendJson(
            res,
            401,
            openAIError('Invalid API key', 'invalid_request_error', null, 'invalid_api_key'),
          );
        }
      }
      const { flavor } = settings;
      if (route === 'GET /v1/models') {
        return sendJson(res, 200, { data: v1ModelEntries(flavor, settings.models), object: 'list' });
      }
      if (route === 'POST /v1/chat/completions') return handleLMStudioChat(exchange, settings);
      if (flavor === 'lmstudio') {
        if (route === 'GET /api/v0/models')
          return sendJson(res, 200, lmstudioV0Models(settings.models, settings.visionModels));
        return sendJson(res, 200, { error: `Unexpected endpoint or method. (${route})` });
      }
      if (flavor === 'llama.cpp' && route === 'GET /props')
        return sendJson(res, 200, llamaCppProps(settings.contextLimit ?? 4096));
      return sendJson(res, 404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
    },
    '/v1',
    options.port ?? 0,
  );
}
