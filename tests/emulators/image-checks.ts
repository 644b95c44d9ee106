/**
 * What the servers check of images before a model sees them, with their own words, so a request
 * Brook sends with a wrong shape fails here as it would there:
 * - Ollama binds `messages[].images` as Go `[]byte` (standard base64, no data: prefix) and then
 *   decodes each as an image; a model without vision silently ignores them (v0.12+).
 * - llama.cpp server (`handle_media`) takes `image_url.url` only as `data:image/…;base64,…` and
 *   decodes it with stb_image (no WebP); without a projector it refuses images outright.
 * - LM Studio answers a text-only model's images with 400 "Model does not support images".
 * Tests read the images back from recorded requests with the same functions.
 */

type Json = Record<string, unknown>;

export interface ReceivedImage {
  bytes: Buffer;
  /** As the request said (OpenAI data URL) or as sniffed (Ollama, LM Studio native). */
  mimeType: string;
}

const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function imageKind(bytes: Buffer): 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (bytes.subarray(0, 2).toString('latin1') === 'BM') return 'bmp';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'webp';
  return null;
}

function decodeBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !STANDARD_BASE64.test(text)) return null;
  return Buffer.from(text, 'base64');
}

/** Ollama's checks of `messages[].images`: the images, or its error (status, body). */
export function ollamaImages(
  messages: unknown,
): { images: ReceivedImage[] } | { status: number; error: string } {
  const images: ReceivedImage[] = [];
  for (const message of Array.isArray(messages) ? (messages as Json[]) : []) {
    const list = message['images'];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list))
      return {
        status: 400,
        error:
          'json: cannot unmarshal string into Go struct field Message.messages.images of type []api.ImageData',
      };
    for (const item of list) {
      const bytes = typeof item === 'string' ? decodeBase64(item) : null;
      if (!bytes) return { status: 400, error: 'illegal base64 data at input byte 4' };
      const kind = imageKind(bytes);
      if (!kind || kind === 'bmp' || kind === 'gif')
        return { status: 500, error: 'failed to process inputs: image: unknown format' };
      images.push({ bytes, mimeType: `image/${kind}` });
    }
  }
  return { images };
}

/**
 * llama.cpp server's checks of OpenAI content parts (also what LM Studio and vLLM take): the
 * images, or the error it answers with.
 */
export function openAIImages(
  messages: unknown,
): { images: ReceivedImage[] } | { status: number; error: string } {
  const images: ReceivedImage[] = [];
  for (const message of Array.isArray(messages) ? (messages as Json[]) : []) {
    const content = message['content'];
    if (!Array.isArray(content)) continue;
    for (const part of content as Json[]) {
      if (part['type'] === 'text') continue;
      if (part['type'] !== 'image_url') return { status: 500, error: `unsupported content[].type` };
      const url = (part['image_url'] as Json | undefined)?.['url'];
      if (typeof url !== 'string') return { status: 500, error: "image_url must contain 'url' field" };
      const pieces = url.split(',');
      if (pieces.length !== 2) return { status: 500, error: 'Invalid url value' };
      const [header, data] = pieces as [string, string];
      if (!header.startsWith('data:image/')) return { status: 500, error: `Invalid url format: ${header}` };
      if (!header.endsWith('base64')) return { status: 500, error: 'url must be base64 encoded' };
      const bytes = decodeBase64(data);
      const kind = bytes ? imageKind(bytes) : null;
      if (!bytes || !kind || kind === 'webp')
        return { status: 500, error: 'Failed to load image or audio file' };
      images.push({ bytes, mimeType: header.slice('data:'.length, header.indexOf(';')) });
    }
  }
  return { images };
}

export const LMSTUDIO_NO_VISION = 'Model does not support images. Please use a model that does.';
export const LLAMA_CPP_NO_VISION =
  'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj';
