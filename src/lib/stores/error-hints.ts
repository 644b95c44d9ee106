import type { ProviderErrorData } from '../providers';
import type { MessageError } from '../vocabulary/records';
import type { ServerKind } from '../servers/kinds';
import type { PresetId } from '../servers/presets';
import { setupSteps } from '../servers/server-types';
import { serverPhrase } from '../servers/server';

/** The server an error came from, as far as the hint needs it. */
export interface ErrorSource {
  kind: ServerKind;
  name: string;
  baseUrl: string;
  preset?: PresetId;
}

function downHint(server: ErrorSource): string {
  const start = setupSteps(server.kind, server.preset).start;
  return `${start} Or check the URL in Settings (now ${server.baseUrl}). If ${serverPhrase(server)} is running, it may be blocking this page (CORS).`;
}

/**
 * The user-facing error: the provider's own message and hint when it gave one, else a hint
 * Brook derives from the error kind and the server.
 */
export function describeError(
  error: ProviderErrorData,
  server: ErrorSource,
  pageOrigin: string,
): MessageError {
  const out: MessageError = { kind: error.kind, message: error.message };
  if (error.status !== undefined) out.status = error.status;
  if (error.corsSuspected) out.corsSuspected = true;
  const hint = error.hint ?? fallbackHint(error, server, pageOrigin);
  if (hint) out.hint = hint;
  return out;
}

function fallbackHint(error: ProviderErrorData, server: ErrorSource, pageOrigin: string): string | undefined {
  if (error.corsSuspected && server.kind !== 'ollama')
    return setupSteps(server.kind, server.preset).cors(pageOrigin);
  switch (error.kind) {
    case 'connection':
      return downHint(server);
    case 'model-not-found':
      return 'Pick another model in the header, or download this one on the server.';
    case 'timeout':
      return 'The server may be loading the model or overloaded. Try again, or raise the timeouts in Settings.';
    default:
      return undefined;
  }
}
