/**
 * What a file is, from its first bytes, never from its name or the type the system claims
 * (both are the sender's to choose). Text is told apart by content: valid UTF-8, no NUL bytes
 * and few control characters.
 */

export type SniffedType = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'svg' | 'pdf' | 'text' | 'binary';

/** How many first bytes `sniff` looks at. */
export const SNIFF_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((byte, i) => bytes[at + i] === byte);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export function sniff(head: Uint8Array, totalSize = head.length): SniffedType {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (isBmp(head)) return 'bmp';
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  const text = textOf(head, head.length < totalSize);
  if (text === null) return 'binary';
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(
    text.slice(0, 4096),
  )
    ? 'svg'
    : 'text';
}

/** "BM", reserved bytes 6–9 zero and a known DIB header size: a CSV starting "BMI,…" is text. */
function isBmp(head: Uint8Array): boolean {
  if (head.length < 26 || !startsWith(head, ascii('BM'))) return false;
  if (head[6] !== 0 || head[7] !== 0 || head[8] !== 0 || head[9] !== 0) return false;
  const dib = head[14]! | (head[15]! << 8) | (head[16]! << 16) | (head[17]! << 24);
  return [12, 40, 52, 56, 64, 108, 124].includes(dib);
}

/**
 * The bytes as text when they look like text; null when not. `truncated`: more bytes follow, so
 * a character cut at the end is not an error.
 */
export function textOf(bytes: Uint8Array, truncated = false): string | null {
  let end = bytes.length;
  if (truncated) {
    // Step back over a multi-byte character cut in half at the end.
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back++;
    const lead = bytes[end - back - 1];
    if (lead !== undefined && lead >= 0xc0) end = end - back - 1;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.subarray(0, end));
  } catch {
    return null;
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return null;
    // Tab, line feed, form feed and carriage return are text; other C0 controls are not.
    if (code < 0x20 && code !== 9 && code !== 10 && code !== 12 && code !== 13) control++;
  }
  return control > text.length / 100 + 1 ? null : text;
}

/** The image types servers take as they are: the rest is re-encoded (attachments/image-prepare). */
export function isSendableImage(type: SniffedType): type is 'png' | 'jpeg' {
  return type === 'png' || type === 'jpeg';
}

export function isImage(type: SniffedType): type is 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' {
  return type === 'png' || type === 'jpeg' || type === 'gif' || type === 'webp' || type === 'bmp';
}

export const IMAGE_MIME = { png: 'image/png', jpeg: 'image/jpeg' } as const;
