import { base64OfBlob } from '../attachments/base64';
import type { ChatImage, ChatMessage, ImageBlob, OutgoingMessage } from '../vocabulary/chat';

/**
 * The worker's step before a provider sees a request: each image Blob read and base64-encoded
 * here, off the page, at the moment it is sent (stored images stay Blobs, never base64 records).
 */
export async function withEncodedImages(messages: OutgoingMessage[]): Promise<ChatMessage[]> {
  return Promise.all(
    messages.map(async ({ images, ...message }): Promise<ChatMessage> => {
      if (images === undefined) return message;
      return { ...message, images: await Promise.all(images.map(encodeImage)) };
    }),
  );
}

async function encodeImage(image: ImageBlob): Promise<ChatImage> {
  return { name: image.name, mimeType: image.mimeType, base64: await base64OfBlob(image.data) };
}
