import {
  sendJson,
  sendText,
  startHttpEmulator,
  type HttpEmulatorHandle,
  type HttpExchange,
} from './http-base';
import { handleOllamaChat } from './ollama-emulator-chat';
import { applyOllamaCors } from './ollama-emulator-cors';
import {
  DEFAULT_OLLAMA_MODELS,
  findModel,
  psBody,
  showBody,
  tagsBody,
  type OllamaModelEntry,
} from './ollama-emulator-models';

/**
 * A protocol-faithful Ollama server for tests: GET / , GET /api/version, GET /api/tags,
 * POST /api/show, POST /api/chat (NDJSON streaming and stream:false), Ollama's error bodies
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
}

const ROUTES: Record<string, string> = {
  '/': 'GET',
  '/api/version': 'GET',
  '/api/tags': 'GET',
  '/api/show': 'POST',
  '/api/ps': 'GET',
  '/api/chat': 'POST',
};

export function startOllamaEmulator(options: OllamaEmulatorOptions = {}): Promise<HttpEmulatorHandle> {
  const models = options.models ?? DEFAULT_OLLAMA_MODELS;
  const origins = options.origins ?? [];
  const version = options.version ?? '0.12.6';

  return startHttpEmulator(async (exchange: HttpExchange) => {
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
        return sendJson(res, 200, psBody(models, options.loaded ?? []));
      case '/api/show': {
        const name = (seen.body as { model?: unknown; name?: unknown } | null)?.model;
        if (typeof name !== 'string' || name === '')
          return sendJson(res, 400, { error: 'model is required' });
        const model = findModel(models, name);
        if (model === undefined) return sendJson(res, 404, { error: `model '${name}' not found` });
        return sendJson(res, 200, showBody(model));
      }
      case '/api/chat':
        return handleOllamaChat(exchange, models);
    }
  });
}
