/**
 * Files attached to a question: images for vision models, text files and PDFs whose text goes
 * into the prompt. A message keeps only references (`AttachmentRef`); the bytes are stored once,
 * as a Blob, in their own IndexedDB store (`AttachmentRecord`), and versions of a question share
 * them.
 */

export type AttachmentKind = 'image' | 'text' | 'pdf';

/** What a message keeps of an attachment: enough to show its chip or thumbnail without the bytes. */
export interface AttachmentRef {
  id: string;
  kind: AttachmentKind;
  /** The file's name as the user's system gave it (text, never markup). */
  name: string;
  /** Of the stored bytes: image/png or image/jpeg for images (after preparation). */
  mimeType: string;
  sizeBytes: number;
  /** Images: the pixel size sent (after downscaling). */
  width?: number;
  height?: number;
  /** PDFs: the page count. */
  pages?: number;
  /** Text files and PDFs: about how many tokens their text adds to the prompt. */
  tokens?: number;
}

/** A stored attachment: its bytes, and for text files and PDFs the text the prompt carries. */
export interface AttachmentRecord {
  id: string;
  conversationId: string;
  data: Blob;
  text?: string;
}

/** An attachment prepared in the composer and not yet sent: its reference and its contents. */
export interface PreparedAttachment {
  ref: AttachmentRef;
  data: Blob;
  text?: string;
}
