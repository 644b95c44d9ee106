/**
 * What to tell the user about each HTTP failure, per server. Kept apart from the error logic so
 * the wording can be read (and changed) in one place.
 */

/** The two providers that speak HTTP. */
export type HttpProviderKind = 'ollama' | 'lmstudio-rest';

/** How a message names the server. */
export function serverName(provider: HttpProviderKind): string {
  return provider === 'ollama' ? 'Ollama' : 'the LM Studio (OpenAI-compatible) server';
}

export function cannotConnectText(
  provider: HttpProviderKind,
  baseUrl: string,
): { message: string; hint: string } {
  if (provider === 'ollama') {
    return {
      message: `Cannot reach Ollama at ${baseUrl}. Check that Ollama is running (\`ollama serve\`) and that the address and port are right.`,
      hint: 'Ollama listens on http://127.0.0.1:11434 unless OLLAMA_HOST says otherwise.',
    };
  }
  return {
    message: `Cannot reach the server at ${baseUrl}. In LM Studio, start the server (Developer → Start server, or \`lms server start\`) and check the address and port.`,
    hint: 'LM Studio listens on http://127.0.0.1:1234/v1 by default; the address must end in /v1.',
  };
}

export function corsBlockedText(
  provider: HttpProviderKind,
  baseUrl: string,
  pageOrigin: string,
): { message: string; hint: string } {
  if (provider === 'ollama') {
    return {
      message: `Ollama at ${baseUrl} is running but refuses requests from this page (${pageOrigin}). Allow it: set OLLAMA_ORIGINS=${pageOrigin} for the Ollama server and restart it.`,
      hint: `Set OLLAMA_ORIGINS=${pageOrigin} in the environment of the Ollama server and restart it (Ollama allows only localhost pages by default).`,
    };
  }
  return {
    message: `The server at ${baseUrl} is running but does not allow requests from this page (${pageOrigin}): its CORS setting is off. In LM Studio turn on "Enable CORS" (Developer → Server settings).`,
    hint: 'In LM Studio open Developer → Server settings and turn on "Enable CORS", or start the server with `lms server start --cors`.',
  };
}

/** For a browser that gave no reason and no probe could tell: CORS is the usual cause for LM Studio. */
export function unknownBrowserFailureHint(provider: HttpProviderKind): string {
  return provider === 'ollama'
    ? 'If Ollama is running, it may be refusing this page: set OLLAMA_ORIGINS to this page’s origin and restart Ollama.'
    : 'If the server is running, CORS is the likely cause: in LM Studio turn on Developer → Server settings → "Enable CORS" (or `lms server start --cors`).';
}

export function mixedContentText(baseUrl: string): string {
  return `This page is served over HTTPS, and browsers block its calls to http:// servers such as ${baseUrl}. Open Brook from http://localhost instead.`;
}

export function modelNotFoundText(provider: HttpProviderKind, model: string | undefined): string {
  const name = model ? `"${model}"` : 'the requested model';
  return provider === 'ollama'
    ? `Ollama has no model ${name}. Download it with \`ollama pull ${model ?? '<model>'}\`, or pick another model.`
    : `The server has no model ${name}. Download or load it in LM Studio, or pick another model from the list.`;
}

export function httpStatusText(
  provider: HttpProviderKind,
  status: number,
  detail: string | undefined,
): string {
  const said = detail ? `: ${detail}` : '';
  const base = `${capitalize(serverName(provider))} answered with HTTP ${status}${said}.`;
  if (status === 401 || status === 403) {
    return provider === 'ollama'
      ? `${base} If this page is not on localhost, allow it with OLLAMA_ORIGINS and restart Ollama.`
      : `${base} The server wants an API key: enter it in the connection settings.`;
  }
  if (status >= 500) return `${base} The server failed; its log says why. Try again, or try another model.`;
  return provider === 'ollama'
    ? `${base} Check the address, the model and its options.`
    : `${base} Check the address (it usually ends in /v1), the model and its options.`;
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
  const port = provider === 'ollama' ? 'Ollama uses port 11434' : 'LM Studio uses port 1234 and /v1';
  return `The server at ${baseUrl} is not ${serverName(provider)}: it answered "${said}". Check the address and port (${port}).`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
