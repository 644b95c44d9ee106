import type { PreparedAttachment } from '../vocabulary/attachments';

/** What preparing one file gave: the attachment, or why it was refused (words for the user). */
export type PrepareOutcome =
  { ok: true; attachment: PreparedAttachment; tookMs: number } | { ok: false; message: string };

/** Page -> attachments worker. The File itself crosses (a handle, not a copy of its bytes). */
export type PrepareRequest = { type: 'prepare'; id: number; file: Blob; name: string; claimedType: string };

/** Attachments worker -> page. */
export type PrepareResponse = { type: 'prepared'; id: number; outcome: PrepareOutcome };
