/**
 * What each OpenAI-compatible server says of its models, by flavor: the `/v1/models` entries
 * (llama.cpp: `owned_by: "llamacpp"` and `meta` with n_ctx_train and size, router mode a
 * `status`; vLLM: `owned_by: "vllm"` and `max_model_len`) and LM Studio's own
 * `/api/v0/models` (type llm/vlm, quantization, state loaded/not-loaded, max_context_length).
 */
export type ServerFlavor = 'lmstudio' | 'llama.cpp' | 'llama.cpp-router' | 'vllm' | 'localai';

const CONTEXT = 32768;

export function v1ModelEntries(
  flavor: ServerFlavor,
  models: readonly string[],
  /** llama.cpp: the slot's context (`meta.n_ctx`). */
  contextLimit = 4096,
): Record<string, unknown>[] {
  return models.map((id, i) => {
    switch (flavor) {
      case 'lmstudio':
        return { id, object: 'model', owned_by: 'organization_owner' };
      case 'llama.cpp':
        return {
          id,
          aliases: [id],
          tags: [],
          object: 'model',
          created: 1_750_000_000,
          owned_by: 'llamacpp',
          meta: {
            vocab_type: 2,
            n_vocab: 151936,
            n_ctx: contextLimit,
            n_ctx_train: CONTEXT,
            n_embd: 2560,
            n_params: 4_022_468_096,
            size: 2_497_280_256,
            ftype: 'Q4_K - Medium',
          },
        };
      case 'llama.cpp-router':
        return {
          id,
          object: 'model',
          owned_by: 'llamacpp',
          status: { value: i === 0 ? 'loaded' : 'unloaded' },
        };
      case 'localai':
        return { id, object: 'model' };
      case 'vllm':
        return {
          id,
          object: 'model',
          created: 1_750_000_000,
          owned_by: 'vllm',
          root: id,
          parent: null,
          max_model_len: CONTEXT,
        };
    }
  });
}

/** LM Studio's `/api/v0/models`: by default the first model loaded, the second a vision model. */
export function lmstudioV0Models(
  models: readonly string[],
  visionModels?: readonly string[],
  isLoaded: (id: string) => boolean = (id) => id === models[0],
): Record<string, unknown> {
  return {
    object: 'list',
    data: models.map((id, i) => ({
      id,
      object: 'model',
      type: (visionModels ? visionModels.includes(id) : i === 1) ? 'vlm' : 'llm',
      publisher: 'lmstudio-community',
      arch: 'qwen2',
      compatibility_type: 'gguf',
      quantization: 'Q4_K_M',
      state: isLoaded(id) ? 'loaded' : 'not-loaded',
      max_context_length: CONTEXT,
    })),
  };
}
