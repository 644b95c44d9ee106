import type { MessageRecord } from '../vocabulary/records';

/** How long a `streaming` record may go unsaved before it counts as orphaned by a closed tab. */
const ORPHAN_AFTER_MS = 10_000;

export type ShownStatus = 'complete' | 'stopped' | 'failed' | 'interrupted' | 'elsewhere';

/**
 * A finished message's status as shown. A `streaming` record that is not the live answer is
 * either being written by another tab (recently saved) or was cut off by a reload or close.
 */
export function shownStatus(message: MessageRecord, now = Date.now()): ShownStatus {
  if (message.status !== 'streaming') return message.status;
  return now - message.updatedAt < ORPHAN_AFTER_MS ? 'elsewhere' : 'interrupted';
}

export const STATUS_NOTES: Record<Exclude<ShownStatus, 'complete' | 'failed'>, string> = {
  stopped: 'Stopped — this answer is incomplete.',
  interrupted: 'Interrupted — the page was closed or reloaded while this answer was being written.',
  elsewhere: 'Being written in another tab or window.',
};

/** Why an answer was cut off (`finishReason` length), naming the limit that did it. */
export function cutOffNote(message: MessageRecord): string {
  if (message.maxTokens !== undefined)
    return `Cut off at this chat's Max tokens (${message.maxTokens}). Raise it in Settings → This chat, or press Continue.`;
  return "Cut off by the server's limit: no Max tokens is set for this chat, so the context filled or the server's own output limit was reached. Raise the context length (in Settings → This chat for Ollama, or where the server loads the model), or press Continue.";
}
