/**
 * A server's way of saying the model does not take images, in its own words: llama.cpp server
 * ("image input is not supported", "does not support multimodal"), LM Studio ("Model does not
 * support images"), vLLM ("is not a multimodal model"), Ollama ("missing data required for image
 * input"). Ollama 0.12+ mostly ignores images a text-only model gets, so the composer warns first.
 */
const REFUSED =
  /image input is not supported|does not support (multimodal|images)|is not a multimodal model|missing data required for image input/i;

export const IMAGE_REFUSAL_HINT =
  'This model does not take images: pick a vision model (one whose details in the model list say “vision”), or remove the images and send again.';

export function refusesImages(text: string | undefined): boolean {
  return text !== undefined && REFUSED.test(text);
}
