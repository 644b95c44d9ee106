/**
 * What to tell the user about each HTTP failure, per kind of server: one descriptor per kind
 * holds every sentence that differs, so a kind's messages can be read (and changed) in one place
 * and never name another product. The functions below only assemble them.
 */

import { IMAGE_REFUSAL_HINT, refusesImages } from '../image-refusal';
import { KINDS } from '../../servers/kinds';
import { PRESETS, type Preset, type PresetId } from '../../servers/presets';
import { hasKindName, serverPhrase } from '../../servers/server';

/** The kinds of server that speak HTTP. */
export type HttpProviderKind = 'ollama' | 'lmstudio-rest' | 'openai-compatible';

/** Who a message is about: the server's kind, the user's name for it, and its preset if any. */
export interface ServerVoice {
  provider: HttpProviderKind;
  name?: string;
  preset?: PresetId;
}

interface KindWording {
  /** How a message names the server (mid-sentence). */
  name: string;
  /** `who` is how the message names the server (`name`, or the user's own name for it). */
  cannotConnect(who: string, baseUrl: string): { message: string; hint: string };
  corsBlocked(who: string, baseUrl: string, pageOrigin: string): { message: string; hint: string };
  /** For a browser that gave no reason and no probe could tell. */
  unknownBrowserFailureHint: string;
  modelNotFound(who: string, name: string, model: string | undefined): string;
  /** What to do about HTTP 401/403. */
  authHint: string;
  /** What to check after another 4xx. */
  clientErrorHint: string;
  /** Where this kind usually listens, for "this is another server" messages. */
  portHint: string;
}

const WORDING: Record<HttpProviderKind, KindWording> = {
  ollama: {
    name: 'Ollama',
    cannotConnect: (who, baseUrl) => ({
      message: `Cannot reach ${who} at ${baseUrl}. Check that Ollama is running (\`ollama serve\`) and that the address and port are right.`,
      hint: `Ollama listens on ${KINDS.ollama.defaultUrl} unless OLLAMA_HOST says otherwise.`,
    }),
    corsBlocked: (who, baseUrl, pageOrigin) => ({
      message: `${capitalize(who)} at ${baseUrl} is running but refuses requests from this page (${pageOrigin}). Allow it: set OLLAMA_ORIGINS=${pageOrigin} for the Ollama server and restart it.`,
      hint: `Set OLLAMA_ORIGINS=${pageOrigin} in the environment of the Ollama server and restart it (Ollama allows only localhost pages by default).`,
    }),
    unknownBrowserFailureHint:
      'If Ollama is running, it may be refusing this page: set OLLAMA_ORIGINS to this page’s origin and restart Ollama.',
    modelNotFound: (who, name, model) =>
      `${capitalize(who)} has no model ${name}. Download it with \`ollama pull ${model ?? '<model>'}\`, or pick another model.`,
    authHint: 'If this page is not on localhost, allow it with OLLAMA_ORIGINS and restart Ollama.',
    clientErrorHint: 'Check the address, the model and its options.',
    portHint: 'Ollama uses port 11434',
  },
  'lmstudio-rest': {
    name: 'LM Studio',
    cannotConnect: (who, baseUrl) => ({
      message: `Cannot reach ${who} at ${baseUrl}. In LM Studio, start the server (Developer → Start server, or \`lms server start\`) and check the address and port.`,
      hint: `LM Studio listens on ${KINDS['lmstudio-rest'].defaultUrl} by default; the address must end in /v1.`,
    }),
    corsBlocked: (who, baseUrl, pageOrigin) => ({
      message: `${capitalize(who)} at ${baseUrl} is running but does not allow requests from this page (${pageOrigin}): its CORS setting is off. In LM Studio turn on "Enable CORS" (Developer → Server settings).`,
      hint: 'In LM Studio open Developer → Server settings and turn on "Enable CORS", or start the server with `lms server start --cors`.',
    }),
    unknownBrowserFailureHint:
      'If the server is running, CORS is the likely cause: in LM Studio turn on Developer → Server settings → "Enable CORS" (or `lms server start --cors`).',
    modelNotFound: (who, name) =>
      `${capitalize(who)} has no model ${name}. Download or load it in LM Studio, or pick another model from the list.`,
    authHint: 'The server wants an API key: enter it in the connection settings.',
    clientErrorHint: 'Check the address (it usually ends in /v1), the model and its options.',
    portHint: 'LM Studio uses port 1234 and /v1',
  },
  // Any other server of the OpenAI API, when Brook does not know which: steps every one documents.
  'openai-compatible': {
    name: 'the OpenAI-compatible server',
    cannotConnect: (who, baseUrl) => ({
      message: `Cannot reach ${who} at ${baseUrl}. Check that the server is running and that the address and port are right.`,
      hint: 'OpenAI-compatible servers take addresses ending in /v1, for example http://127.0.0.1:8080/v1.',
    }),
    corsBlocked: (who, baseUrl, pageOrigin) => ({
      message: `${capitalize(who)} at ${baseUrl} is running but does not allow requests from this page (${pageOrigin}). The server must send CORS headers that allow ${pageOrigin} (Access-Control-Allow-Origin).`,
      hint: `Turn on the server's CORS setting for ${pageOrigin} (see its documentation).`,
    }),
    unknownBrowserFailureHint: `If the server is running, CORS is the likely cause: the server must allow this page's origin (Access-Control-Allow-Origin).`,
    modelNotFound: (who, name) =>
      `${capitalize(who)} has no model ${name}. Load it on the server, or pick another model from the list.`,
    authHint: 'The server wants an API key: enter the key it was started with in the connection settings.',
    clientErrorHint:
      'Check the address (it usually ends in /v1), the model and its options; a prompt longer than the server’s context is refused too.',
    portHint: 'OpenAI-compatible servers take addresses ending in /v1',
  },
};

/** A known OpenAI-compatible server's own steps, from its preset. */
function presetWording(preset: Preset): KindWording {
  return {
    name: preset.name,
    cannotConnect: (who, baseUrl) => ({
      message: `Cannot reach ${who} at ${baseUrl}. ${preset.start}`,
      hint: `${preset.name} listens on ${preset.defaultUrl} by default; the address must end in /v1.`,
    }),
    corsBlocked: (who, baseUrl, pageOrigin) => ({
      message: `${capitalize(who)} at ${baseUrl} is running but does not allow requests from this page (${pageOrigin}). ${preset.cors(pageOrigin)}`,
      hint: preset.cors(pageOrigin),
    }),
    unknownBrowserFailureHint: `If ${preset.name} is running, it may be refusing this page: ${lowerFirst(preset.cors('this page’s origin'))}`,
    modelNotFound: (who, name) =>
      `${capitalize(who)} has no model ${name}. Load it in ${preset.name}, or pick another model from the list.`,
    authHint: preset.apiKey,
    clientErrorHint: `Check the address (it ends in /v1), the model and its options; a prompt longer than the context set with ${preset.context} is refused too.`,
    portHint: `${preset.name} uses ${preset.defaultUrl}`,
  };
}

function wordingOf(who: ServerVoice): KindWording {
  const base =
    who.provider === 'openai-compatible' && who.preset
      ? presetWording(PRESETS[who.preset])
      : WORDING[who.provider];
  const server = { kind: who.provider, ...who };
  // The user's own name for the server ("GPU box" (Ollama)) wherever the kind's name would go.
  return hasKindName(server) ? base : { ...base, name: serverPhrase(server) };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** How a message names the server. */
export function serverName(who: ServerVoice): string {
  return wordingOf(who).name;
}

export function cannotConnectText(who: ServerVoice, baseUrl: string): { message: string; hint: string } {
  const wording = wordingOf(who);
  return wording.cannotConnect(wording.name, baseUrl);
}

export function corsBlockedText(
  who: ServerVoice,
  baseUrl: string,
  pageOrigin: string,
): { message: string; hint: string } {
  const wording = wordingOf(who);
  return wording.corsBlocked(wording.name, baseUrl, pageOrigin);
}

export function unknownBrowserFailureHint(who: ServerVoice): string {
  return wordingOf(who).unknownBrowserFailureHint;
}

export function mixedContentText(baseUrl: string): string {
  return `This page is served over HTTPS, and browsers block its calls to http:// servers such as ${baseUrl}. Open Brook from http://localhost instead.`;
}

export function modelNotFoundText(who: ServerVoice, model: string | undefined): string {
  const wording = wordingOf(who);
  return wording.modelNotFound(wording.name, model ? `"${model}"` : 'the requested model', model);
}

export function httpStatusText(who: ServerVoice, status: number, detail: string | undefined): string {
  const said = detail ? `: ${detail}` : '';
  const base = `${capitalize(serverName(who))} answered with HTTP ${status}${said}.`;
  if (status === 401 || status === 403) return `${base} ${wordingOf(who).authHint}`;
  if (refusesImages(detail)) return `${base} ${IMAGE_REFUSAL_HINT}`;
  if (status >= 500) return `${base} The server failed; its log says why. Try again, or try another model.`;
  return `${base} ${wordingOf(who).clientErrorHint}`;
}

/** The conversation is longer than the model's context, in words that say what to do. */
export function contextExceededText(who: ServerVoice, detail: string | undefined): string {
  const said = detail ? ` (${capitalize(serverName(who))} said: ${detail})` : '';
  return `This conversation no longer fits in the model's context${said}. Nothing was lost: start a new chat, raise the context length (${contextStep(who)}), or delete or shorten older messages.`;
}

function contextStep(who: ServerVoice): string {
  if (who.provider === 'ollama') return "this chat's settings → Context length";
  if (who.preset === 'llama-cpp' || who.provider === 'openai-compatible')
    return 'start llama-server with a larger --ctx-size';
  return "the model's Context Length when LM Studio loads it";
}

export function streamBrokenText(who: ServerVoice, reason: string): string {
  return `The answer from ${serverName(who)} broke off: ${reason}. The text received so far is kept; try again.`;
}

export function timeoutText(who: ServerVoice): string {
  return `${capitalize(serverName(who))} did not answer in time. Check that it is not stuck loading a model, then try again.`;
}

export function badResponseText(who: ServerVoice, detail: string): string {
  return `${capitalize(serverName(who))} sent a reply Brook cannot read (${detail}). Check that the address points at the right server.`;
}

/** A 2xx reply that is some other server's error (e.g. LM Studio's "Unexpected endpoint"). */
export function otherServerText(who: ServerVoice, baseUrl: string, said: string): string {
  return `The server at ${baseUrl} is not ${serverName(who)}: it answered "${said}". Check the address and port (${wordingOf(who).portHint}).`;
}

/** For a sentence's start: "the server" → "The server"; a product's own name stays as it is spelled (llama.cpp, vLLM). */
export function capitalize(text: string): string {
  return text.startsWith('the ') ? `T${text.slice(1)}` : text;
}
