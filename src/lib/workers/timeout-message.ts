import { ProviderError } from '../providers/errors';
import { PROVIDER_LABELS } from '../providers/index';
import type { ProviderKind } from '../providers/types';
import type { WatchdogReason } from './stream-watchdog';

/** A timeout as the user reads it: what happened, and what to try. */
export function describeTimeout(kind: ProviderKind, reason: WatchdogReason, limitMs: number): ProviderError {
  const server = PROVIDER_LABELS[kind];
  const seconds = Math.round(limitMs / 100) / 10;
  const message =
    reason === 'first-token'
      ? `${server} accepted the request but sent no answer within ${seconds} s.`
      : `${server} stopped sending the answer for ${seconds} s.`;
  const hint =
    reason === 'first-token'
      ? 'The model may still be loading or the prompt is long: retry, or raise the first-token timeout in Settings.'
      : 'The server may be overloaded or stuck: retry, or raise the idle timeout in Settings.';
  return new ProviderError('timeout', message, { provider: kind, hint });
}
