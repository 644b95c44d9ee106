import type { AttachmentKind, AttachmentRecord, AttachmentRef } from '../vocabulary/attachments';
import type { MessageRecord } from '../vocabulary/records';
import { bytesOfBase64 } from '../attachments/base64';
import { fileName } from '../attachments/file-name';
import { IMAGE_MIME, isSendableImage, sniff } from '../attachments/sniff';
import { newId } from './ids';
import * as v from './validate';

const KINDS: readonly AttachmentKind[] = ['image', 'text', 'pdf'];
const MAX_FILES = 1_000;
const MAX_NAME = 255;
const MAX_TEXT = 5_000_000;

/** A message's `attachments` as a file lists them (version 3); checked, not yet linked to bytes. */
export function readAttachmentRefs(value: unknown, path: string): AttachmentRef[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 100)
    throw new v.InvalidField(`${path} must be a list of at most 100 files.`);
  return value.map((item: unknown, i) => {
    const p = `${path}[${i}]`;
    const ref = v.object(item, p);
    return v.compact({
      id: v.text(ref.id, `${p}.id`, MAX_NAME),
      kind: v.oneOf(ref.kind, `${p}.kind`, KINDS),
      name: fileName(v.text(ref.name, `${p}.name`, MAX_NAME)),
      mimeType: '',
      sizeBytes: 0,
      width: v.optionalNumber(ref.width, `${p}.width`, 1, 100_000),
      height: v.optionalNumber(ref.height, `${p}.height`, 1, 100_000),
      pages: v.optionalNumber(ref.pages, `${p}.pages`, 0, 100_000),
      tokens: v.optionalNumber(ref.tokens, `${p}.tokens`, 0, 100_000_000),
    });
  });
}

/**
 * Links messages' file lists to the bytes the file carries: each file gets a new id (importing a
 * file twice makes two independent copies), its type and size come from its bytes (never from
 * the file's word: an "image" that is not a PNG or JPEG is refused), and a listed file whose
 * bytes are missing is left out with a note.
 */
export function linkAttachments(
  value: unknown,
  messages: MessageRecord[],
  conversationId: string,
): { messages: MessageRecord[]; attachments: AttachmentRecord[]; notes: string[] } {
  const listed = messages.some((m) => (m.attachments?.length ?? 0) > 0);
  if (!listed) return { messages, attachments: [], notes: [] };
  const files = value === undefined || value === null ? [] : value;
  if (!Array.isArray(files) || files.length > MAX_FILES)
    throw new v.InvalidField(`attachments must be a list of at most ${MAX_FILES} files.`);
  const carried = new Map<string, { bytes: Uint8Array<ArrayBuffer>; text?: string }>();
  files.forEach((item: unknown, i) => {
    const p = `attachments[${i}]`;
    const file = v.object(item, p);
    const id = v.text(file.id, `${p}.id`, MAX_NAME);
    const bytes = bytesOfBase64(v.text(file.base64, `${p}.base64`, 200_000_000));
    if (!bytes) throw new v.InvalidField(`${p}.base64 is not base64.`);
    const text = v.optionalText(file.text, `${p}.text`, MAX_TEXT);
    carried.set(id, text === undefined ? { bytes } : { bytes, text });
  });
  const newIds = new Map<string, string>();
  const attachments: AttachmentRecord[] = [];
  let missing = 0;
  const linked = messages.map((message) => {
    if (!message.attachments) return message;
    const refs: AttachmentRef[] = [];
    for (const ref of message.attachments) {
      const file = carried.get(ref.id);
      if (!file || (ref.kind !== 'image' && file.text === undefined)) {
        missing++;
        continue;
      }
      const mimeType = mimeTypeOf(ref, file.bytes);
      let id = newIds.get(ref.id);
      if (!id) {
        id = newId();
        newIds.set(ref.id, id);
        attachments.push({
          id,
          conversationId,
          data: new Blob([file.bytes], { type: mimeType }),
          ...(file.text !== undefined ? { text: file.text } : {}),
        });
      }
      refs.push({ ...ref, id, mimeType, sizeBytes: file.bytes.length });
    }
    const out: MessageRecord = { ...message, attachments: refs };
    if (refs.length === 0) delete out.attachments;
    return out;
  });
  const notes =
    missing > 0
      ? [`Not carried over: ${missing} attached file${missing === 1 ? '' : 's'} missing from the file.`]
      : [];
  return { messages: linked, attachments, notes };
}

function mimeTypeOf(ref: AttachmentRef, bytes: Uint8Array): string {
  if (ref.kind === 'text') return 'text/plain';
  const type = sniff(bytes.subarray(0, 64));
  if (ref.kind === 'pdf') {
    if (type !== 'pdf') throw new v.InvalidField(`the attached file “${ref.name}” is not a PDF.`);
    return 'application/pdf';
  }
  if (!isSendableImage(type))
    throw new v.InvalidField(`the attached image “${ref.name}” is not a PNG or JPEG image.`);
  return IMAGE_MIME[type];
}
