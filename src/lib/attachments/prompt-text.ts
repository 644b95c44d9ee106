import type { AttachmentRecord, AttachmentRef } from '../vocabulary/attachments';
import type { ImageBlob } from '../vocabulary/chat';

/** Attachments by id, as the request builder reads them (one conversation's, or a draft's). */
export type AttachmentLookup = ReadonlyMap<string, Pick<AttachmentRecord, 'data' | 'text'>>;

/**
 * A question's text as the model gets it: each attached text file or PDF first, as a fenced
 * block under its name, then what the user typed. A fence is longer than any run of backticks
 * in the file, so no file can close it early.
 */
export function promptContent(typed: string, refs: AttachmentRef[], lookup: AttachmentLookup): string {
  const blocks: string[] = [];
  for (const ref of refs) {
    if (ref.kind === 'image') {
      // An image whose bytes cannot be read is said, so the model does not answer as if it saw it.
      if (!lookup.get(ref.id)) blocks.push(`(The attached image ${ref.name} could not be read.)`);
      continue;
    }
    const text = lookup.get(ref.id)?.text;
    if (text === undefined) {
      blocks.push(`(The attached file ${ref.name} could not be read.)`);
      continue;
    }
    blocks.push(fencedFile(ref, text));
  }
  if (blocks.length === 0) return typed;
  return [...blocks, typed].join('\n\n');
}

export function fencedFile(ref: AttachmentRef, text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const pages = ref.pages !== undefined ? ` (${ref.pages} ${ref.pages === 1 ? 'page' : 'pages'})` : '';
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `File: ${ref.name}${pages}\n${fence}${fenceLanguage(ref)}\n${body}${fence}`;
}

/** The images of a question, as the chat worker takes them; an unreadable one is left out. */
export function promptImages(refs: AttachmentRef[], lookup: AttachmentLookup): ImageBlob[] {
  const images: ImageBlob[] = [];
  for (const ref of refs) {
    const data = ref.kind === 'image' ? lookup.get(ref.id)?.data : undefined;
    if (data) images.push({ name: ref.name, mimeType: ref.mimeType, data });
  }
  return images;
}

/** A fence's info string from the file's extension, when it is a plain word (names are hostile). */
function fenceLanguage(ref: AttachmentRef): string {
  if (ref.kind === 'pdf') return '';
  const extension = /\.([A-Za-z0-9+#-]{1,12})$/.exec(ref.name)?.[1]?.toLowerCase() ?? '';
  return EXTENSION_LANGUAGE[extension] ?? extension;
}

const EXTENSION_LANGUAGE: Record<string, string> = {
  txt: 'text',
  log: 'text',
  md: 'markdown',
  py: 'python',
  js: 'javascript',
  ts: 'typescript',
  rs: 'rust',
  rb: 'ruby',
  sh: 'bash',
  yml: 'yaml',
};

/** About how many tokens a text costs (about four characters a token for English and code). */
export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
