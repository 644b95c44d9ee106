// Writes a tiny llama-architecture GGUF with random weights, so the real-server tests have a model
// without downloading one (nothing can be downloaded here). The tokenizer is copied from the
// vocab-only GGUF in llama.cpp's own source, so tokenization and detokenization are real; the text
// is gibberish, which is fine: the tokens, the sampling and the server are real.
import { seeded } from '../lib/seeded-random.mjs';
import { T, readGguf, writeGguf } from './gguf.mjs';

/** The model's shape. 256 wide and 4 layers streams a few hundred tokens a second on one core. */
export const TINY_MODEL = Object.freeze({
  nEmbd: 256,
  nLayer: 4,
  nHead: 4,
  nFf: 688,
  trainContext: 4096,
  seed: 20261204,
});

/**
 * Llama 2's chat format, which this vocab was made for, rendered by the server's own Jinja engine:
 * `[INST] … [/INST]` around each question, the system prompt in `<<SYS>>`, answers closed by
 * `</s>`. Its generation prompt is empty, as with Llama 2 and Mistral. (A ChatML template in
 * plain-text markers made llama.cpp's JSON-schema grammar start with a generation prompt this
 * vocab cannot reproduce token by token: "Failed to initialize samplers".)
 */
export const CHAT_TEMPLATE =
  '{% for message in messages %}' +
  "{% if message['role'] == 'system' %}{{ '<<SYS>>\\n' + message['content'] + '\\n<</SYS>>\\n\\n' }}" +
  "{% elif message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}" +
  "{% elif message['role'] == 'assistant' %}{{ ' ' + message['content'] + eos_token }}" +
  '{% endif %}{% endfor %}';

// Token types in llama.cpp's vocab (llama_token_type): 1 normal, 2 unknown, 3 control, 6 byte.
const TOKEN_TYPE_NORMAL = 1;

function uniform(random, count, scale) {
  const data = new Float32Array(count);
  for (let i = 0; i < count; i += 1) data[i] = (random() * 2 - 1) * scale;
  return data;
}

function ones(count) {
  return new Float32Array(count).fill(1);
}

/**
 * Writes the model to `outPath`.
 * @param {{ vocabPath: string, outPath: string, shape?: typeof TINY_MODEL }} options
 */
export function writeTinyModel({ vocabPath, outPath, shape = TINY_MODEL }) {
  const vocab = readGguf(vocabPath);
  const tokenTypes = /** @type {{ items: number[] }} */ (vocab.kv.get('tokenizer.ggml.token_type').value)
    .items;
  const nVocab = tokenTypes.length;
  const { nEmbd, nLayer, nHead, nFf, trainContext, seed } = shape;
  const random = seeded(seed);

  const kv = new Map();
  const put = (key, type, value) => kv.set(key, { type, value });
  put('general.architecture', T.STRING, 'llama');
  put('general.name', T.STRING, 'brook-tiny-random');
  put('general.file_type', T.UINT32, 0); // all F32
  put('llama.context_length', T.UINT32, trainContext);
  put('llama.embedding_length', T.UINT32, nEmbd);
  put('llama.block_count', T.UINT32, nLayer);
  put('llama.feed_forward_length', T.UINT32, nFf);
  put('llama.attention.head_count', T.UINT32, nHead);
  put('llama.attention.head_count_kv', T.UINT32, nHead);
  put('llama.attention.layer_norm_rms_epsilon', T.FLOAT32, 1e-5);
  put('llama.rope.dimension_count', T.UINT32, nEmbd / nHead);
  put('llama.vocab_size', T.UINT32, nVocab);
  for (const [key, entry] of vocab.kv) if (key.startsWith('tokenizer.')) kv.set(key, entry);
  put('tokenizer.chat_template', T.STRING, CHAT_TEMPLATE);

  // The output layer decides what is sampled. After the final RMS norm the hidden state has unit
  // scale, so rows of ±√3·2/√n_embd give logits with a spread of about 2: some hundreds of
  // plausible tokens at each step. Control and byte tokens get zero rows (logit 0), which makes
  // end-of-sequence and raw bytes about one in 200,000 per step: answers run until max_tokens or
  // the context fills, and the text is whole words and pieces.
  const outputScale = (Math.sqrt(3) * 2) / Math.sqrt(nEmbd);
  const output = new Float32Array(nEmbd * nVocab);
  for (let token = 0; token < nVocab; token += 1) {
    if (tokenTypes[token] !== TOKEN_TYPE_NORMAL) continue;
    for (let i = 0; i < nEmbd; i += 1) output[token * nEmbd + i] = (random() * 2 - 1) * outputScale;
  }
  const inner = 1 / Math.sqrt(nEmbd);
  const tensors = [
    { name: 'token_embd.weight', dims: [nEmbd, nVocab], data: uniform(random, nEmbd * nVocab, 1) },
    { name: 'output_norm.weight', dims: [nEmbd], data: ones(nEmbd) },
    { name: 'output.weight', dims: [nEmbd, nVocab], data: output },
  ];
  for (let layer = 0; layer < nLayer; layer += 1) {
    const blk = (name) => `blk.${layer}.${name}.weight`;
    tensors.push(
      { name: blk('attn_norm'), dims: [nEmbd], data: ones(nEmbd) },
      { name: blk('attn_q'), dims: [nEmbd, nEmbd], data: uniform(random, nEmbd * nEmbd, inner) },
      { name: blk('attn_k'), dims: [nEmbd, nEmbd], data: uniform(random, nEmbd * nEmbd, inner) },
      { name: blk('attn_v'), dims: [nEmbd, nEmbd], data: uniform(random, nEmbd * nEmbd, inner) },
      { name: blk('attn_output'), dims: [nEmbd, nEmbd], data: uniform(random, nEmbd * nEmbd, inner) },
      { name: blk('ffn_norm'), dims: [nEmbd], data: ones(nEmbd) },
      { name: blk('ffn_gate'), dims: [nEmbd, nFf], data: uniform(random, nEmbd * nFf, inner) },
      { name: blk('ffn_up'), dims: [nEmbd, nFf], data: uniform(random, nEmbd * nFf, inner) },
      { name: blk('ffn_down'), dims: [nFf, nEmbd], data: uniform(random, nFf * nEmbd, 1 / Math.sqrt(nFf)) },
    );
  }
  writeGguf(outPath, kv, tensors);
}
