import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startHttpEmulator, type HttpEmulatorHandle, type HttpExchange } from './http-base';
import { handleLMStudioChat, openAIError, type LMStudioChatSettings } from './lmstudio-rest-emulator-chat';
import { LMStudioRestLibrary } from './lmstudio-rest-emulator-library';
import { lmstudioV0Models, v1ModelEntries, type ServerFlavor } from './openai-model-lists';

/**
 * LM Studio's OpenAI-compatible server for tests: GET /v1/models, POST /v1/chat/completions
 * (SSE and whole replies). Like LM Studio, any other path or method gets HTTP 200 with
 * `{"error":"Unexpected endpoint or method. (METHOD /path)"}`. CORS headers are sent only
 * with `cors: true` (LM Studio's "Enable CORS" toggle, off by default); without it a
 * browser's preflight gets that same "unexpected endpoint" reply with no CORS headers.
 * `url` ends in /v1, as a client's base URL does. As LM Studio 0.4 it also has its REST API
 * v1 for models (GET /api/v1/models, POST /api/v1/models/load, /unload, /download and GET
 * /api/v1/models/download/status/:job_id), whose state is `library`.
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
  /** LM Studio: models in memory at start (default: the first). */
  loaded?: string[];
  /** LM Studio 0.4's REST API v1 (default true); false plays an older LM Studio, with only /api/v0. */
  restApiV1?: boolean;
}

export interface LMStudioRestEmulatorHandle extends HttpEmulatorHandle {
  /** LM Studio's models on disk and in memory, and its download jobs (other flavors ignore it). */
  library: LMStudioRestLibrary;
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
/**
 * llama-server's CORS, on by default (`--cors-origins "*"` with credentials): the Origin echoed
 * on every reply (empty without one), and every preflight answered 200 before any key check.
 */
/** What llama-server answers without its API key. */
const LLAMA_CPP_PUBLIC = new Set(['/health', '/v1/health']);

function applyLlamaCppCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(200, {
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': '*',
    'Content-Type': 'text/html',
    'Content-Length': 0,
  });
  res.end();
  return true;
}

/** llama-server's `/v1/models`: the OpenAI list, and the same models in Ollama's shape. */
function llamaCppModels(models: readonly string[], contextLimit: number): Record<string, unknown> {
  return {
    models: models.map((id) => ({
      name: id,
      model: id,
      modified_at: '',
      size: '',
      digest: '',
      type: 'model',
      description: '',
      tags: [''],
      capabilities: ['completion'],
      parameters: '',
      details: {
        parent_model: '',
        format: 'gguf',
        family: '',
        families: [''],
        parameter_size: '',
        quantization_level: '',
      },
    })),
    object: 'list',
    data: v1ModelEntries('llama.cpp', models, contextLimit),
  };
}

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
): Promise<LMStudioRestEmulatorHandle> {
  const models = [...(options.models ?? DEFAULT_LMSTUDIO_MODELS)];
  const library = new LMStudioRestLibrary(models, options.loaded ?? models.slice(0, 1));
  const settings: LMStudioChatSettings = {
    models,
    reasoningField: options.reasoningField ?? 'reasoning_content',
    flavor: options.flavor ?? 'lmstudio',
    ...(options.visionModels ? { visionModels: options.visionModels } : {}),
    ...(options.contextLimit !== undefined ? { contextLimit: options.contextLimit } : {}),
    ...((options.flavor ?? 'lmstudio') === 'lmstudio'
      ? { onModelUsed: (model: string) => library.use(model) }
      : {}),
  };
  const handle = startHttpEmulator(
    async (exchange: HttpExchange) => {
      const { req, res, seen } = exchange;
      const route = `${seen.method} ${seen.path}`;
      if (settings.flavor === 'llama.cpp') {
        if (options.cors !== false && applyLlamaCppCors(req, res)) return;
        if (options.apiKey !== undefined && !LLAMA_CPP_PUBLIC.has(seen.path)) {
          if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
            return sendJson(res, 401, {
              error: { message: 'Invalid API Key', type: 'authentication_error', code: 401 },
            });
          }
        }
      } else if (options.cors && applyCors(req, res)) return;
      if (
        settings.flavor !== 'llama.cpp' &&
        options.apiKey !== undefined &&
        (route === 'GET /v1/models' ||
          route === 'POST /v1/chat/completions' ||
          seen.path.startsWith('/api/v1/'))
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
        if (flavor === 'llama.cpp')
          return sendJson(res, 200, llamaCppModels(settings.models, settings.contextLimit ?? 4096));
        return sendJson(res, 200, { data: v1ModelEntries(flavor, settings.models), object: 'list' });
      }
      if (route === 'POST /v1/chat/completions') return handleLMStudioChat(exchange, settings);
      if (flavor === 'lmstudio') {
        if (route === 'GET /api/v0/models')
          return sendJson(
            res,
            200,
            lmstudioV0Models(settings.models, settings.visionModels, (id) => library.isLoaded(id)),
          );
        const vision = (id: string, index: number) =>
          settings.visionModels ? settings.visionModels.includes(id) : index === 1;
        const reply =
          options.restApiV1 === false ? undefined : await lmstudioV1(library, route, seen.body, vision);
        if (reply) return sendJson(res, reply.status, reply.body);
        return sendJson(res, 200, { error: `Unexpected endpoint or method. (${route})` });
      }
      if (flavor === 'llama.cpp' && (route === 'GET /health' || route === 'GET /v1/health'))
        return sendJson(res, 200, { status: 'ok' });
      if (flavor === 'llama.cpp' && route === 'GET /props')
        return sendJson(res, 200, llamaCppProps(settings.contextLimit ?? 4096));
      return sendJson(res, 404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
    },
    '/v1',
    options.port ?? 0,
  );
  return handle.then((started) => Object.assign(started, { library }));
}

/** LM Studio's REST API v1 for models; undefined for any other route. */
async function lmstudioV1(
  library: LMStudioRestLibrary,
  route: string,
  body: unknown,
  isVision: (key: string, index: number) => boolean,
): Promise<{ status: number; body: unknown } | undefined> {
  if (route === 'GET /api/v1/models') return { status: 200, body: library.models(isVision) };
  if (route === 'POST /api/v1/models/load') return library.load(body);
  if (route === 'POST /api/v1/models/unload') return library.unload(body);
  if (route === 'POST /api/v1/models/download') return library.download(body);
  const status = /^GET \/api\/v1\/models\/download\/status\/([^/]+)$/.exec(route);
  if (status) return library.status(decodeURIComponent(status[1] ?? ''));
  return undefined;
}
