/**
 * How much Brook takes in one message, and the words for each refusal. Limits are about what a
 * local model can use and what a browser tab holds comfortably, not about any server's limit.
 */
import { formatBytes } from './format-bytes';

export const LIMITS = {
  /** Attachments of one message. */
  perMessage: 10,
  /** A file as picked, before any preparation. */
  fileBytes: 64_000_000,
  /** A text file (about a million tokens: more than any local model's context). */
  textBytes: 4_000_000,
  /** Text taken from a PDF. */
  pdfChars: 4_000_000,
  pdfPages: 500,
  /** An image's long side as sent: larger ones are downscaled (vision encoders use far less). */
  imageSide: 2048,
  /** An image kept byte for byte must be at most this; a larger one is re-encoded. */
  imageKeepBytes: 4_000_000,
  /** Pixels an image may have (read from its header before decoding: a tiny file can claim billions). */
  imagePixels: 150_000_000,
  /** A file still not prepared after this long is given up (the worker is restarted). */
  prepareMs: 60_000,
} as const;

export const REFUSALS = {
  tooMany: (left: number, dropped: number) =>
    left === 0
      ? `A message takes up to ${LIMITS.perMessage} files: remove one to attach another.`
      : `A message takes up to ${LIMITS.perMessage} files: ${dropped} more were not attached.`,
  empty: (name: string) => `“${name}” is empty (0 bytes), so there is nothing to attach.`,
  tooLarge: (name: string, size: number) =>
    `“${name}” is ${formatBytes(size)}; Brook attaches files up to ${formatBytes(LIMITS.fileBytes)}.`,
  textTooLarge: (name: string, size: number) =>
    `“${name}” is ${formatBytes(size)} of text, more than a local model can read (Brook takes up to ${formatBytes(LIMITS.textBytes)}). Attach the part you need.`,
  unknownType: (name: string) =>
    `“${name}” is not an image, a text file or a PDF, so Brook cannot attach it.`,
  claimsImage: (name: string) =>
    `“${name}” is named as an image but its contents are not a PNG, JPEG, GIF, WebP or BMP image.`,
  svg: (name: string) =>
    `“${name}” is an SVG drawing, which Brook does not attach (it could hold scripts and models take PNG or JPEG). Export it as PNG and attach that.`,
  tooManyPixels: (name: string, width: number, height: number) =>
    `“${name}” is ${width}×${height} pixels; Brook takes images up to ${LIMITS.imagePixels / 1_000_000} megapixels. Scale it down and attach that.`,
  tooSlow: (name: string) =>
    `“${name}” took too long to prepare (over ${LIMITS.prepareMs / 1000} s), so Brook gave up on it. Try a smaller file.`,
  corruptImage: (name: string) => `“${name}” could not be decoded as an image (damaged or cut short?).`,
  notPdf: (name: string) => `“${name}” could not be read as a PDF (damaged or cut short?).`,
  encryptedPdf: (name: string) =>
    `“${name}” is password-protected, so Brook cannot read its text. Save an unprotected copy and attach that.`,
  scannedPdf: (name: string, pages: number) =>
    `“${name}” (${pages} ${pages === 1 ? 'page' : 'pages'}) has no text layer — it looks scanned — so there is no text to send. Run OCR on it first, or attach its pages as images.`,
  pdfTooLong: (name: string, pages: number) =>
    `“${name}” has ${pages} pages; Brook reads PDFs of up to ${LIMITS.pdfPages} pages. Split it and attach the part you need.`,
  pdfTextTooLong: (name: string) =>
    `“${name}” holds more text than a local model can read. Split it and attach the part you need.`,
  unreadable: (name: string) => `“${name}” could not be read (was it moved or deleted?).`,
  failed: (name: string, why: string) => `“${name}” could not be prepared: ${why}`,
  pastedLink:
    'The pasted image is a link to a picture on a web page, not a file. Save the picture, then attach or drop the file.',
} as const;
