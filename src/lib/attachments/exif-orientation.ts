import { jpegSegments } from './jpeg-segments';

/**
 * The EXIF orientation (1–8) of a JPEG, read from its APP1 segment; 1 (as stored) when it has
 * none. Photos from phones are often stored sideways with orientation 6 or 8: servers decode the
 * pixels as stored, so such a photo is re-encoded upright before it is sent.
 */
export function jpegOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const { marker, start, end } of jpegSegments(view)) {
    if (marker !== 0xffe1) continue; // APP1: EXIF
    const found = exifOrientation(view, start, end);
    if (found !== null) return found;
  }
  return 1;
}

function exifOrientation(view: DataView, start: number, end: number): number | null {
  // "Exif\0\0", then a TIFF header: byte order, 42, offset of the first directory.
  if (end - start < 14 || view.getUint32(start) !== 0x45786966 || view.getUint16(start + 4) !== 0)
    return null;
  const tiff = start + 6;
  const order = view.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const little = order === 0x4949;
  if (view.getUint16(tiff + 2, little) !== 42) return null;
  const directory = tiff + view.getUint32(tiff + 4, little);
  if (directory + 2 > end) return null;
  const entries = view.getUint16(directory, little);
  for (let i = 0; i < entries; i++) {
    const entry = directory + 2 + i * 12;
    if (entry + 12 > end) return null;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return null;
}
