import { ProviderError } from '../providers/errors';
import { serverPhrase, type ServerTarget } from '../servers/server';
import type { WatchdogReason } from './stream-watchdog';

/** A timeout as the user reads it: which server, what happened, and what to try. */
export function describeTimeout(
  server: ServerTarget,
  reason: WatchdogReason,
  limitMs: number,
): ProviderError {
  const name = serverPhrase(server);
  const seconds = Math.round(limitMs / 100) / 10;
  const message =
    reason === 'first-token'
      ? `${name} accepted the request but sent no answer within ${seconds} s.`
      : `${name} stopped sending the answer for ${seconds} s.`;
  const hint =
    reason === 'first-token'
      ? 'The model may still be loading or the prompt is long: retry, or raise “First-token timeout (s)” in Settings → This chat (empty: wait forever).'
      : 'The server may be overloaded or stuck: retry, or raise “Idle timeout (s)” in Settings → This chat (empty: wait forever).';
  return new ProviderError('timeout', message, { provider: server.kind, hint });
}
