/**
 * The catalogs servers download models from, as Brook's download form shows them: a name, a
 * link to one model's page, example names, and what stopping a download does there.
 */

export interface ModelLibrary {
  /** Its name in a sentence ("the Ollama library"). */
  name: string;
  url: string;
  /** The page of one model named as the server takes it. */
  page(model: string): string;
  /** Names to show as examples ("llama3.2 or qwen3:0.6b"). */
  example: string;
  /**
   * What stopping a download does: Ollama's stops when its stream closes; LM Studio's REST API
   * has no cancel, so stopping only stops watching and LM Studio goes on.
   */
  stop: 'cancels' | 'stops-watching';
}

function encodedSegments(name: string): string[] {
  return name.split('/').filter(Boolean).map(encodeURIComponent);
}

const OLLAMA_URL = 'https://ollama.com/library';
const LMSTUDIO_URL = 'https://lmstudio.ai/models';

export const OLLAMA_LIBRARY: ModelLibrary = {
  name: 'the Ollama library',
  url: OLLAMA_URL,
  // "qwen3:0.6b" → …/library/qwen3; "user/model" → ollama.com/user/model.
  page(model) {
    const segments = encodedSegments(model.trim().split(':')[0] ?? '');
    if (segments.length === 0) return OLLAMA_URL;
    if (segments.length === 1) return `${OLLAMA_URL}/${segments[0]}`;
    return `https://ollama.com/${segments.slice(-2).join('/')}`;
  },
  example: 'llama3.2 or qwen3:0.6b',
  stop: 'cancels',
};

export const LMSTUDIO_CATALOG: ModelLibrary = {
  name: "LM Studio's model catalog",
  url: LMSTUDIO_URL,
  // "ibm/granite-4-micro" → lmstudio.ai/models/ibm/granite-4-micro; a Hugging Face link is its own page.
  page(model) {
    const name = model.trim();
    if (/^https:\/\/huggingface\.co\/[^\s]+$/.test(name)) return name;
    const segments = encodedSegments(name.split('@')[0] ?? '');
    return segments.length === 0 ? LMSTUDIO_URL : `${LMSTUDIO_URL}/${segments.join('/')}`;
  },
  example: 'ibm/granite-4-micro or a Hugging Face link',
  stop: 'stops-watching',
};
