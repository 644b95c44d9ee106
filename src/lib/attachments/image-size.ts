import { jpegSegments } from './jpeg-segments';

/**
 * A PNG's or JPEG's pixel size from its header, without decoding it (for images that arrive in
 * another app's export, read where no decoder runs). Null when the header does not say.
 */
export function imageSize(bytes: Uint8Array, type: 'png' | 'jpeg'): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'png') {
    if (view.byteLength < 24) return null;
    return positive(view.getUint32(16), view.getUint32(20));
  }
  for (const { marker, start, end } of jpegSegments(view)) {
    // Start-of-frame markers C0–CF, except C4 (Huffman tables), C8 (reserved) and CC (arithmetic):
    // precision (1 byte), then height and width.
    const frame = marker >= 0xffc0 && marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(marker);
    if (frame)
      return end >= start + 5 ? positive(view.getUint16(start + 3), view.getUint16(start + 1)) : null;
  }
  return null;
}

function positive(width: number, height: number) {
  return width > 0 && height > 0 ? { width, height } : null;
}
