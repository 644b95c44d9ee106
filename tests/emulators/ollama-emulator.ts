import {
  sendJson,
  sendText,
  startHttpEmulator,
  type HttpEmulatorHandle,
  type HttpExchange,
} from './http-base';
import { handleOllamaChat } from './ollama-emulator-chat';
import { applyOllamaCors } from './ollama-emulator-cors';
import { DEFAULT_REGISTRY, OllamaLibrary } from './ollama-emulator-library';
import {
  DEFAULT_OLLAMA_MODELS,
  psBody,
  showBody,
  tagsBody,
  type OllamaModelEntry,
} from './ollama-emulator-models';
import { handleOllamaDelete, handleOllamaGenerate, handleOllamaPull } from './ollama-emulator-pull';

/**
 * A protocol-faithful Ollama server for tests: GET / , GET /api/version, GET /api/tags,
 * POST /api/show, POST /api/chat (NDJSON streaming and stream:false), model management
 * (POST /api/pull, DELETE /api/delete, GET /api/ps, load/unload by an empty POST /api/generate;
 * see `library`), Ollama's error bodies
 * and status codes, and its default CORS (localhost pages allowed, others 403). Unknown paths
 * get gin's "404 page not found", a wrong method gin's 405. Scripted per test with
 * `script(scenario)`; see http-pacing for the scenario's meaning.
 */

export interface OllamaEmulatorOptions {
  models?: OllamaModelEntry[];
  /** Extra allowed origins, as OLLAMA_ORIGINS would add them ("*" allows every origin). */
  origins?: string[];
  version?: string;
  /** Names of the models in memory now (/api/ps). */
  loaded?: string[];
  /** Models a pull can fetch besides the installed ones (default: DEFAULT_REGISTRY). */
  registry?: OllamaModelEntry[];
  /** The share of a loaded model's memory on the GPU (/api/ps size_vram; default 1). */
  vramShare?: number;
}

/** The emulator plus its models' state: installed, loaded, downloads, keep-alives seen. */
export interface OllamaEmulatorHandle extends HttpEmulatorHandle {
  readonly library: OllamaLibrary;
}

const ROUTES: Record<string, string> = {
  '/': 'GET',
  '/api/version': 'GET',
  '/api/tags': 'GET',
  '/api/show': 'POST',
  '/api/ps': 'GET',
  '/api/chat': 'POST',
  '/api/generate': 'POST',
  '/api/pull': 'POST',
  '/api/delete': 'DELETE',
};

export async function startOllamaEmulator(
  options: OllamaEmulatorOptions = {},
): Promise<OllamaEmulatorHandle> {
  const library = new OllamaLibrary(
    options.models ?? DEFAULT_OLLAMA_MODELS,
    options.loaded ?? [],
    options.registry ?? DEFAULT_REGISTRY,
  );
  const models = library.installed;
  const origins = options.origins ?? [];
  const version = options.version ?? '0.12.6';

  const handle = await startHttpEmulator(async (exchange: HttpExchange) => {
    const { req, res, seen } = exchange;
    if (applyOllamaCors(req, res, origins)) return;
    const method = ROUTES[seen.path];
    if (method === undefined) return sendText(res, 404, '404 page not found');
    // Ollama registers HEAD beside GET for these.
    if (seen.method !== method && !(method === 'GET' && seen.method === 'HEAD')) {
      return sendText(res, 405, '405 method not allowed');
    }
    switch (seen.path) {
      case '/':
        return sendText(res, 200, 'Ollama is running');
      case '/api/version':
        return sendJson(res, 200, { version });
      case '/api/tags':
        return sendJson(res, 200, tagsBody(models));
      case '/api/ps':
        return sendJson(res, 200, psBody(library.inMemory(), options.vramShare));
      case '/api/show': {
        const name = (seen.body as { model?: unknown; name?: unknown } | null)?.model;
        if (typeof name !== 'string' || name === '')
          return sendJson(res, 400, { error: 'model is required' });
        const model = library.find(name);
        if (model === undefined) return sendJson(res, 404, { error: `model '${name}' not found` });
        return sendJson(res, 200, showBody(model));
      }
      case '/api/chat': {
        const body = seen.body as { model?: unknown; keep_alive?: unknown } | null;
        // A chat loads its model and keeps it for keep_alive (0: unloads it after the answer).
        if (typeof body?.model === 'string') library.use('/api/chat', body.model, body.keep_alive);
        return handleOllamaChat(exchange, models);
      }
      case '/api/generate':
        return handleOllamaGenerate(exchange, library);
      case '/api/pull':
        return handleOllamaPull(exchange, library);
      case '/api/delete':
        return handleOllamaDelete(exchange, library);
    }
  });
  return { ...handle, library };
}
