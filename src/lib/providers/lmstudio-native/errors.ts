import { ProviderError, abortedError, isAbortError, isProviderError } from '../errors';
import { IMAGE_REFUSAL_HINT, refusesImages } from '../image-refusal';
import {
  AUTH_HINT,
  NO_MODEL_LOADED_HINT,
  NO_MODEL_LOADED_MESSAGE,
  START_SERVER_HINT,
  UNKNOWN_MODEL_HINT,
  WRONG_SERVER_HINT,
} from './hints';

/** Where in a request the SDK failed; decides between e.g. `http` and `stream-broken`. */
export type NativeCallPhase = 'lookup' | 'predict' | 'list';

/** What the provider knew when the failure came, so the error can keep it. */
export interface NativeFailureContext {
  phase: NativeCallPhase;
  baseUrl: string;
  signal?: AbortSignal;
  modelKey?: string;
  partialText?: string;
  partialReasoning?: string;
}

/**
 * The SDK throws plain `Error`s; these are the shapes it uses (see the emulator's header and
 * lmstudio-native.md §4). Server errors with a known `displayData.code` become fixed sentences
 * (matched by their opening words); others become " <title> ... (X) CAUSE ... <cause>".
 */
const NO_LOADED_MODEL = 'No loaded model satisfies';
const UNKNOWN_PATH = 'Cannot find a model with path';
const UNKNOWN_IDENTIFIER = 'Cannot find a model with identifier';
const UNLOADED = 'This model has already been unloaded';
const AUTH_FAILED = /^Failed to (authenticate|parse authentication result)/;
/** Browser: any failed or dropped socket. Node (`ws`): refused, reset, DNS, timeouts, bad upgrade. */
const TRANSPORT_FAILED =
  /^WebSocket (connection closed|timed out|was closed before)|^(connect )?E(CONNREFUSED|CONNRESET|HOSTUNREACH|NETUNREACH|TIMEDOUT)|getaddrinfo|Opening handshake has timed out|socket hang up/;
const UPGRADE_REFUSED = /^Unexpected server response: (\d{3})/;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'Unknown error';
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** " Title \n\n\n   (X) CAUSE  \n\nwhy" -> "Title — why" (drops the SDK's section headers). */
export function plainSdkMessage(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\((X|!|i)\) [A-Z ]+$/.test(line))
    .join(' — ');
}

/** True when the SDK failed because its WebSocket failed (not because the server said no). */
export function isTransportFailure(error: unknown): boolean {
  return TRANSPORT_FAILED.test(messageOf(error)) || TRANSPORT_FAILED.test(codeOf(error) ?? '');
}

/** Maps anything the SDK threw to the provider's typed error, keeping the partial answer. */
export function toNativeProviderError(error: unknown, context: NativeFailureContext): ProviderError {
  const partialText = context.partialText ?? '';
  const partialReasoning = context.partialReasoning ?? '';
  if (isProviderError(error)) return error;
  if (isAbortError(error, context.signal))
    return abortedError('lmstudio-native', partialText, partialReasoning);

  const base = { provider: 'lmstudio-native' as const, partialText, partialReasoning, cause: error };
  const message = messageOf(error);
  const started = partialText !== '' || partialReasoning !== '';

  if (isTransportFailure(error)) {
    if (started) {
      return new ProviderError(
        'stream-broken',
        'The connection to LM Studio broke in the middle of the answer.',
        {
          ...base,
          hint: 'LM Studio stopped or the server was switched off. The text so far is kept.',
        },
      );
    }
    // A browser gives no reason for a failed WebSocket: server down and CORS off look the same.
    const corsSuspected = message.startsWith('WebSocket connection closed');
    return new ProviderError('connection', `Cannot reach LM Studio at ${context.baseUrl}.`, {
      ...base,
      hint: START_SERVER_HINT,
      corsSuspected,
    });
  }
  const refused = UPGRADE_REFUSED.exec(message);
  if (refused) {
    const status = Number(refused[1]);
    return new ProviderError('http', `LM Studio refused the connection (HTTP ${status}).`, {
      ...base,
      status,
      hint: upgradeRefusedHint(status),
    });
  }
  if (AUTH_FAILED.test(message)) {
    return new ProviderError('connection', `LM Studio refused this client: ${plainSdkMessage(message)}`, {
      ...base,
      hint: AUTH_HINT,
    });
  }
  if (message.includes(NO_LOADED_MODEL)) {
    return new ProviderError('model-not-found', NO_MODEL_LOADED_MESSAGE, {
      ...base,
      hint: NO_MODEL_LOADED_HINT,
    });
  }
  if (message.includes(UNKNOWN_PATH) || message.includes(UNKNOWN_IDENTIFIER)) {
    const name = context.modelKey === undefined ? 'that model' : `"${context.modelKey}"`;
    return new ProviderError('model-not-found', `LM Studio has no model ${name}.`, {
      ...base,
      hint: UNKNOWN_MODEL_HINT,
    });
  }
  if (message.includes(UNLOADED)) {
    return new ProviderError(
      'model-not-found',
      'The model was unloaded in LM Studio before it could answer.',
      {
        ...base,
        hint: 'Send again to use the model that is loaded now, or load one.',
      },
    );
  }
  if (refusesImages(message)) {
    return new ProviderError('http', `LM Studio refused the images: ${plainSdkMessage(message)}`, {
      ...base,
      hint: IMAGE_REFUSAL_HINT,
    });
  }
  if (context.phase === 'predict') {
    return new ProviderError(
      'stream-broken',
      `LM Studio failed to answer: ${plainSdkMessage(message)}`,
      base,
    );
  }
  return new ProviderError('http', `LM Studio answered with an error: ${plainSdkMessage(message)}`, base);
}

/** 403 is LM Studio's CORS refusal, 401 its auth; anything else means another server answered. */
function upgradeRefusedHint(status: number): string {
  if (status === 403) return START_SERVER_HINT;
  if (status === 401) return AUTH_HINT;
  return WRONG_SERVER_HINT;
}
