import type { ProviderErrorData } from '../providers';
import type { MessageError } from '../persistence/records';
import { SERVER_SHORT_LABELS, type ServerId } from './servers';

/** What to do about a CORS block, per server: the exact setting to change. */
export function corsHint(server: ServerId, pageOrigin: string): string {
  switch (server) {
    case 'ollama':
      return `Ollama refuses requests from this page's origin. Set OLLAMA_ORIGINS=${pageOrigin} in Ollama's environment and restart it.`;
    case 'lmstudio-rest':
    case 'lmstudio-native':
      return 'LM Studio blocks browser requests until CORS is on: enable CORS in Developer → Server settings, or run `lms server start --cors`.';
    case 'openai-compatible':
      return `The server must allow CORS for ${pageOrigin} (Access-Control-Allow-Origin).`;
  }
}

function downHint(server: ServerId, url: string): string {
  const name = SERVER_SHORT_LABELS[server];
  const start =
    server === 'ollama'
      ? 'Start Ollama (`ollama serve`)'
      : server === 'openai-compatible'
        ? 'Start the server'
        : "Start LM Studio's server (Developer → Start server, or `lms server start`)";
  return `${start}, or check the URL in Settings (now ${url}). If ${name} is running, it may be blocking this page (CORS).`;
}

/**
 * The user-facing error: the provider's own message and hint when it gave one, else a hint
 * Brook derives from the error kind and the server.
 */
export function describeError(
  error: ProviderErrorData,
  server: ServerId,
  url: string,
  pageOrigin: string,
): MessageError {
  const out: MessageError = { kind: error.kind, message: error.message };
  if (error.status !== undefined) out.status = error.status;
  if (error.corsSuspected) out.corsSuspected = true;
  const hint = error.hint ?? fallbackHint(error, server, url, pageOrigin);
  if (hint) out.hint = hint;
  return out;
}

function fallbackHint(
  error: ProviderErrorData,
  server: ServerId,
  url: string,
  pageOrigin: string,
): string | undefined {
  if (error.corsSuspected && server !== 'ollama') return corsHint(server, pageOrigin);
  switch (error.kind) {
    case 'connection':
      return downHint(server, url);
    case 'model-not-found':
      return 'Pick another model in the header, or download this one on the server.';
    case 'timeout':
      return 'The server may be loading the model or overloaded. Try again, or raise the timeouts in Settings.';
    default:
      return undefined;
  }
}
