import type { AttachmentRef, PreparedAttachment } from '../vocabulary/attachments';
import { newId } from '../persistence/ids';
import { fileName } from './file-name';
import { LIMITS, REFUSALS } from './limits';
import type { PrepareOutcome } from './prepare-protocol';
import { approximateTokens } from './prompt-text';
import { isImage, sniff, SNIFF_BYTES, textOf, type SniffedType } from './sniff';
import type { PdfText } from './pdf-text';

/** A refusal with the user's words, thrown by the steps below and turned into an outcome. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}

/** An image ready to send: PNG or JPEG bytes at most LIMITS.imageSide on the long side. */
export interface PreparedImage {
  data: Blob;
  mimeType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/** What the steps need of their surroundings: decoding images and reading PDFs (worker-only). */
export interface PrepareTools {
  prepareImage(file: Blob, type: SniffedType, head: Uint8Array, name: string): Promise<PreparedImage>;
  pdfText(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<PdfText>;
  now(): number;
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|bmp|avif|heic|heif|tiff?)$/i;

/**
 * One picked, pasted or dropped file made ready to attach: what it is comes from its bytes
 * (attachments/sniff.ts); images are decoded and, when needed, downscaled and re-encoded; text
 * is decoded; a PDF's text is extracted. Runs in the attachments worker, off the page.
 */
export async function prepareFile(
  file: Blob,
  name: string,
  claimedType: string,
  tools: PrepareTools,
): Promise<PrepareOutcome> {
  const started = tools.now();
  name = fileName(name);
  try {
    const attachment = await prepared(file, name, claimedType, tools);
    return { ok: true, attachment, tookMs: tools.now() - started };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, message: REFUSALS.failed(name, why) };
  }
}

async function prepared(file: Blob, name: string, claimedType: string, tools: PrepareTools) {
  if (file.size === 0) throw new Refusal(REFUSALS.empty(name));
  if (file.size > LIMITS.fileBytes) throw new Refusal(REFUSALS.tooLarge(name, file.size));
  const head = await bytesOf(file.slice(0, SNIFF_BYTES), name);
  const type = sniff(head, file.size);
  if (type === 'svg') throw new Refusal(REFUSALS.svg(name));
  if (isImage(type)) return imageAttachment(file, type, head, name, tools);
  if (claimedType.startsWith('image/') || IMAGE_NAME.test(name))
    throw new Refusal(REFUSALS.claimsImage(name));
  if (type === 'pdf') return pdfAttachment(file, name, tools);
  if (type === 'text') return textAttachment(file, name);
  throw new Refusal(REFUSALS.unknownType(name));
}

async function imageAttachment(
  file: Blob,
  type: SniffedType,
  head: Uint8Array,
  name: string,
  tools: PrepareTools,
): Promise<PreparedAttachment> {
  const image = await tools.prepareImage(file, type, head, name);
  const ref: AttachmentRef = {
    id: newId(),
    kind: 'image',
    name,
    mimeType: image.mimeType,
    sizeBytes: image.data.size,
    width: image.width,
    height: image.height,
  };
  return { ref, data: image.data };
}

async function textAttachment(file: Blob, name: string): Promise<PreparedAttachment> {
  if (file.size > LIMITS.textBytes) throw new Refusal(REFUSALS.textTooLarge(name, file.size));
  const bytes = await bytesOf(file, name);
  const text = textOf(bytes);
  if (text === null) throw new Refusal(REFUSALS.unknownType(name));
  const data = new Blob([bytes], { type: 'text/plain' });
  const ref: AttachmentRef = {
    id: newId(),
    kind: 'text',
    name,
    mimeType: 'text/plain',
    sizeBytes: bytes.length,
    tokens: approximateTokens(text),
  };
  return { ref, data, text };
}

async function pdfAttachment(file: Blob, name: string, tools: PrepareTools): Promise<PreparedAttachment> {
  const bytes = await bytesOf(file, name);
  // pdf.js takes ownership of the buffer it reads; the stored copy is made first.
  const data = new Blob([bytes], { type: 'application/pdf' });
  const { text, pages } = await tools.pdfText(bytes, name);
  const ref: AttachmentRef = {
    id: newId(),
    kind: 'pdf',
    name,
    mimeType: 'application/pdf',
    sizeBytes: data.size,
    pages,
    tokens: approximateTokens(text),
  };
  return { ref, data, text };
}

async function bytesOf(blob: Blob, name: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await blob.arrayBuffer());
  } catch {
    throw new Refusal(REFUSALS.unreadable(name));
  }
}
