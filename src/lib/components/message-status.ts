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
