/** Base64 both ways, for files carried in JSON (exports) and images sent to servers. */

/** Base64 of bytes, in slices so no call gets millions of arguments. */
export function base64Of(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += SLICE) {
    parts.push(String.fromCharCode(...bytes.subarray(i, i + SLICE)));
  }
  return btoa(parts.join(''));
}

export async function base64OfBlob(blob: Blob): Promise<string> {
  return base64Of(new Uint8Array(await blob.arrayBuffer()));
}

/** The bytes of standard base64; null when it is not base64. */
export function bytesOfBase64(base64: string): Uint8Array<ArrayBuffer> | null {
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return null;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
