import { jpegOrientation } from './exif-orientation';
import { imageSize } from './image-size';
import { LIMITS, REFUSALS } from './limits';
import { Refusal, type PreparedImage } from './prepare-core';
import { IMAGE_MIME, isSendableImage, type SniffedType } from './sniff';

/**
 * An image made ready for a vision model, in the attachments worker: decoded (which proves it
 * is an image), turned upright by its EXIF orientation, and — when it is larger than
 * LIMITS.imageSide or LIMITS.imageKeepBytes, sideways, or a type servers do not all take (GIF,
 * WebP, BMP) — drawn at most LIMITS.imageSide on the long side and re-encoded as JPEG (photos)
 * or PNG. A PNG or JPEG that needs none of that is sent byte for byte.
 */
export async function prepareImage(
  file: Blob,
  type: SniffedType,
  head: Uint8Array,
  name: string,
): Promise<PreparedImage> {
  // The header's size first: decoding a hostile "50,000 × 50,000" PNG would exhaust memory.
  const claimed = type === 'png' || type === 'jpeg' ? imageSize(head, type) : null;
  if (claimed && claimed.width * claimed.height > LIMITS.imagePixels)
    throw new Refusal(REFUSALS.tooManyPixels(name, claimed.width, claimed.height));
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new Refusal(REFUSALS.corruptImage(name));
  }
  try {
    const { width, height } = bitmap;
    const upright = type !== 'jpeg' || jpegOrientation(head) === 1;
    const fits = Math.max(width, height) <= LIMITS.imageSide && file.size <= LIMITS.imageKeepBytes;
    if (isSendableImage(type) && upright && fits) {
      const mimeType = IMAGE_MIME[type];
      return { data: file.slice(0, file.size, mimeType), mimeType, width, height };
    }
    return await redrawn(bitmap, type === 'jpeg' ? 'image/jpeg' : 'image/png');
  } finally {
    bitmap.close();
  }
}

async function redrawn(bitmap: ImageBitmap, preferred: PreparedImage['mimeType']): Promise<PreparedImage> {
  const scale = Math.min(1, LIMITS.imageSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw images in a worker.');
  context.imageSmoothingQuality = 'high';
  const draw = (background: boolean) => {
    context.clearRect(0, 0, width, height);
    if (background) {
      // JPEG has no transparency: transparent parts become white, not black.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, width, height);
    }
    context.drawImage(bitmap, 0, 0, width, height);
  };
  draw(preferred === 'image/jpeg');
  let data = await canvas.convertToBlob({ type: preferred, quality: 0.9 });
  let mimeType = preferred;
  if (preferred === 'image/png' && data.size > LIMITS.imageKeepBytes) {
    // A photo-like PNG: JPEG keeps it a few times smaller.
    draw(true);
    data = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    mimeType = 'image/jpeg';
  }
  return { data, mimeType, width, height };
}
