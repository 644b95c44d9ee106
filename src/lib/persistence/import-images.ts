import type { AttachmentRecord, AttachmentRef } from '../vocabulary/attachments';
import { bytesOfBase64 } from '../attachments/base64';
import { fileName } from '../attachments/file-name';
import { imageSize } from '../attachments/image-size';
import { IMAGE_MIME, isSendableImage, sniff } from '../attachments/sniff';
import { newId } from './ids';

export interface ImportedImage {
  ref: AttachmentRef;
  record: AttachmentRecord;
}

/**
 * An image from another app's export (base64, or a data: URL) as a Brook attachment, when its
 * bytes are a PNG or JPEG; null otherwise (a link to a server, another type, not base64), which
 * the importer counts as not carried over. What the bytes are decides, never the file's word.
 */
export function importedImage(data: unknown, name: unknown, conversationId: string): ImportedImage | null {
  if (typeof data !== 'string' || data.length > 100_000_000) return null;
  const base64 = data.startsWith('data:') ? /^data:[^,]{0,100};base64,(.*)$/s.exec(data)?.[1] : data;
  const bytes = base64 === undefined ? null : bytesOfBase64(base64);
  if (!bytes || bytes.length === 0) return null;
  const type = sniff(bytes.subarray(0, 64));
  if (!isSendableImage(type)) return null;
  const mimeType = IMAGE_MIME[type];
  const id = newId();
  const size = imageSize(bytes, type);
  const ref: AttachmentRef = {
    id,
    kind: 'image',
    name: fileName(typeof name === 'string' ? name : '', `image.${type === 'jpeg' ? 'jpg' : 'png'}`),
    mimeType,
    sizeBytes: bytes.length,
    ...(size ?? {}),
  };
  return { ref, record: { id, conversationId, data: new Blob([bytes], { type: mimeType }) } };
}
