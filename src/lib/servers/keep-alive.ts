/**
 * How long a server keeps a model in memory after an answer, as the user writes it: Ollama's
 * `keep_alive`, a Go duration ("30s", "5m", "1h30m"), a number of seconds, a negative value
 * (keep it loaded) or 0 (unload at once).
 */
const DURATION = /^-?(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const SECONDS = /^-?\d+(?:\.\d+)?$/;

/** Why `text` is not a keep-alive, in words; undefined when it is one (or empty: the server's default). */
export function keepAliveProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === '' || DURATION.test(value) || SECONDS.test(value)) return undefined;
  return 'Write a duration such as 30s, 5m or 1h, -1 to keep the model loaded, or 0 to unload it after each answer.';
}

/**
 * The value as Ollama reads it: a bare number goes as seconds (Go's duration parser refuses
 * "-1" or "300" without a unit), a duration as its text.
 */
export function keepAliveWire(text: string): string | number | undefined {
  const value = text.trim();
  if (value === '' || keepAliveProblem(value) !== undefined) return undefined;
  return SECONDS.test(value) ? Number(value) : value;
}
