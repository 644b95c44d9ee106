import { isBrookFile, parseFileJson, readBrookFile } from './import-conversation';
import {
  isHollamaExport,
  isOpenWebUIExport,
  readHollama,
  readOpenWebUI,
  type ForeignContext,
  type ForeignConversation,
} from './import-foreign';

export type ImportSource = 'Brook' | 'Open WebUI' | 'Hollama';

export type ImportFile =
  | { ok: true; source: ImportSource; conversations: ForeignConversation[]; notes: string[] }
  | { ok: false; error: string };

const ACCEPTED =
  'Brook imports its own conversation files (.json), Open WebUI chat exports (Settings → Data Controls → Export Chats) and Hollama session exports (Settings → Data management → Export sessions).';

/**
 * Any conversation file a user may bring: Brook's own, or another app's export. Untrusted input,
 * read whole before anything is written, so a refused file changes nothing.
 */
export function parseImportFile(raw: string, ctx: ForeignContext): ImportFile {
  const parsed = parseFileJson(raw, `This file is not valid JSON. ${ACCEPTED}`);
  if (!parsed.ok) return parsed;
  const { data } = parsed;
  if (isBrookFile(data)) {
    const read = readBrookFile(data, ctx.now);
    if (!read.ok) return read;
    return { ok: true, source: 'Brook', conversations: [read], notes: read.notes };
  }
  const foreign = isOpenWebUIExport(data)
    ? { source: 'Open WebUI' as const, read: readOpenWebUI(data, ctx) }
    : isHollamaExport(data)
      ? { source: 'Hollama' as const, read: readHollama(data, ctx) }
      : null;
  if (!foreign) return { ok: false, error: `This file is not one Brook can read. ${ACCEPTED}` };
  if (foreign.read.conversations.length === 0)
    return {
      ok: false,
      error: [
        `No conversation in this ${foreign.source} file could be imported.`,
        ...foreign.read.notes,
      ].join(' '),
    };
  return { ok: true, source: foreign.source, ...foreign.read };
}
