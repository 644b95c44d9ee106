/**
 * The marker segments of a JPEG before its image data, in order: each one's marker (0xFFxx),
 * where its payload starts and where it ends (clamped to the bytes there are). Stops at the start
 * of scan (no header segment follows it), at bytes that are not a marker, or at the end.
 */
export function* jpegSegments(view: DataView): Generator<{ marker: number; start: number; end: number }> {
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return;
  let at = 2;
  while (at + 4 <= view.byteLength) {
    const marker = view.getUint16(at);
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return;
    const length = view.getUint16(at + 2);
    yield { marker, start: at + 4, end: Math.min(at + 2 + length, view.byteLength) };
    at += 2 + length;
  }
}
