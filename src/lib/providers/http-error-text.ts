/**
 * What to tell the user about each HTTP failure, per kind of server: one descriptor per kind
 * holds every sentence that differs, so a kind's messages can be read (and changed) in one place
 * and never name another product. The functions below only assemble them.
 */

/** The kinds of server that speak HTTP. */
export type HttpProviderKind = 'ollama' | 'lmstudio-rest' | 'openai-compatible';

interface KindWording {
  /** How a message names the server (mid-sentence). */
  name: string;
  cannotConnect(baseUrl: string): { message: string; hint: string };
  corsBlocked(baseUrl: string, pageOrigin: string): { message: string; hint: string };
  /** For a browser that gave no reason and no probe could tell. */
  unknownBrowserFailureHint: string;
  modelNotFound(name: string, model: string | undefined): string;
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
    cannotConnect: (baseUrl) => ({
      message: `Cannot reach Ollama at ${baseUrl}. Check that Ollama is running (\`ollama serve\`) and that the address and port are right.`,
      hint: 'Ollama listens on http://127.0.0.1:11434 unless OLLAMA_HOST says otherwise.',
    }),
    corsBlocked: (baseUrl, pageOrigin) => ({
      message: `Ollama at ${baseUrl} is running but refuses requests from this page (${pageOrigin}). Allow it: set OLLAMA_ORIGINS=${pageOrigin} for the Ollama server and restart it.`,
      hint: `Set OLLAMA_ORIGINS=${pageOrigin} in the environment of the Ollama server and restart it (Ollama allows only localhost pages by default).`,
    }),
    unknownBrowserFailureHint:
      'If Ollama is running, it may be refusing this page: set OLLAMA_ORIGINS to this page’s origin and restart Ollama.',
    modelNotFound: (name, model) =>
      `Ollama has no model ${name}. Download it with \`ollama pull ${model ?? '<model>'}\`, or pick another model.`,
    authHint: 'If this page is not on localhost, allow it with OLLAMA_ORIGINS and restart Ollama.',
    clientErrorHint: 'Check the address, the model and its options.',
    portHint: 'Ollama uses port 11434',
  },
  'lmstudio-rest': {
    name: 'the LM Studio (OpenAI-compatible) server',
    cannotConnect: (baseUrl) => ({
      message: `Cannot reach the server at ${baseUrl}. In LM Studio, start the server (Developer → Start server, or \`lms server start\`) and check the address and port.`,
      hint: 'LM Studio listens on http://127.0.0.1:1234/v1 by default; the address must end in /v1.',
    }),
    corsBlocked: (baseUrl, pageOrigin) => ({
      message: `The server at ${baseUrl} is running but does not allow requests from this page (${pageOrigin}): its CORS setting is off. In LM Studio turn on "Enable CORS" (Developer → Server settings).`,
      hint: 'In LM Studio open Developer → Server settings and turn on "Enable CORS", or start the server with `lms server start --cors`.',
    }),
    unknownBrowserFailureHint:
      'If the server is running, CORS is the likely cause: in LM Studio turn on Developer → Server settings → "Enable CORS" (or `lms server start --cors`).',
    modelNotFound: (name) =>
      `The server has no model ${name}. Download or load it in LM Studio, or pick another model from the list.`,
    authHint: 'The server wants an API key: enter it in the connection settings.',
    clientErrorHint: 'Check the address (it usually ends in /v1), the model and its options.',
    portHint: 'LM Studio uses port 1234 and /v1',
  },
  // llama.cpp's llama-server, vLLM, Jan, LocalAI, KoboldCpp…: steps any of them documents.
  'openai-compatible': {
    name: 'the OpenAI-compatible server',
    cannotConnect: (baseUrl) => ({
      message: `Cannot reach the server at ${baseUrl}. Check that the server is running and that the address and port are right (e.g. \`llama-server --host 127.0.0.1 --port 8080\`).`,
      hint: 'OpenAI-compatible servers take addresses ending in /v1, for example http://127.0.0.1:8080/v1.',
    }),
    corsBlocked: (baseUrl, pageOrigin) => ({
      message: `The server at ${baseUrl} is running but does not allow requests from this page (${pageOrigin}). The server must send CORS headers that allow ${pageOrigin} (Access-Control-Allow-Origin).`,
      hint: `Turn on the server's CORS setting for ${pageOrigin} (see its documentation; llama-server allows any origin by default).`,
    }),
    unknownBrowserFailureHint: `If the server is running, CORS is the likely cause: the server must allow this page's origin (Access-Control-Allow-Origin).`,
    modelNotFound: (name) =>
      `The server has no model ${name}. Load it on the server, or pick another model from the list.`,
    authHint:
      'The server wants an API key (e.g. one started with `llama-server --api-key …`): enter the same key in the connection settings.',
    clientErrorHint:
      'Check the address (it usually ends in /v1), the model and its options; a prompt longer than the server’s context (`-c`) is refused too.',
    portHint: 'OpenAI-compatible servers take addresses ending in /v1',
  },
};

/** How a message names the server. */
export function serverName(provider: HttpProviderKind): string {
  return WORDING[provider].name;
}

export function cannotConnectText(
  provider: HttpProviderKind,
  baseUrl: string,
): { message: string; hint: string } {
  return WORDING[provider].cannotConnect(baseUrl);
}

export function corsBlockedText(
  provider: HttpProviderKind,
  baseUrl: string,
  pageOrigin: string,
): { message: string; hint: string } {
  return WORDING[provider].corsBlocked(baseUrl, pageOrigin);
}

export function unknownBrowserFailureHint(provider: HttpProviderKind): string {
  return WORDING[provider].unknownBrowserFailureHint;
}

export function mixedContentText(baseUrl: string): string {
  return `This page is served over HTTPS, and browsers block its calls to http:// servers such as ${baseUrl}. Open Brook from http://localhost instead.`;
}

export function modelNotFoundText(provider: HttpProviderKind, model: string | undefined): string {
  return WORDING[provider].modelNotFound(model ? `"${model}"` : 'the requested model', model);
}

export function httpStatusText(
  provider: HttpProviderKind,
  status: number,
  detail: string | undefined,
): string {
  const said = detail ? `: ${detail}` : '';
  const base = `${capitalize(serverName(provider))} answered with HTTP ${status}${said}.`;
  if (status === 401 || status === 403) return `${base} ${WORDING[provider].authHint}`;
  if (status >= 500) return `${base} The server failed; its log says why. Try again, or try another model.`;
  return `${base} ${WORDING[provider].clientErrorHint}`;
}

export function streamBrokenText(provider: HttpProviderKind, reason: string): string {
  return `The answer from ${serverName(provider)} broke off: ${reason}. The text received so far is kept; try again.`;
}

export function timeoutText(provider: HttpProviderKind): string {
  return `${capitalize(serverName(provider))} did not answer in time. Check that it is not stuck loading a model, then try again.`;
}

export function badResponseText(provider: HttpProviderKind, detail: string): string {
  return `${capitalize(serverName(provider))} sent a reply Brook cannot read (${detail}). Check that the address points at the right server.`;
}

/** A 2xx reply that is some other server's error (e.g. LM Studio's "Unexpected endpoint"). */
export function otherServerText(provider: HttpProviderKind, baseUrl: string, said: string): string {
  return `The server at ${baseUrl} is not ${serverName(provider)}: it answered "${said}". Check the address and port (${WORDING[provider].portHint}).`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
