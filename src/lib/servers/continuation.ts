import type { ContinueMechanism } from '../vocabulary/records';
import type { PresetId, ServerKind } from '../vocabulary/servers';

export type { ContinueMechanism };

/**
 * How a server carries on an answer that stopped part-way (Continue), a ContinueMechanism.
 * `prefill`: the partial answer is sent as the last (assistant) message and the server generates
 * what follows it, in the same turn. `ask`: the server has no such mechanism Brook can rely on,
 * so Brook sends the partial answer and asks the model, in a user message, to go on.
 *
 * From the servers' sources: Ollama continues a trailing assistant message (template.go, since
 * 0.2.8; the model's template must allow it); llama.cpp server prefills it by default and takes
 * vLLM's `continue_final_message` (PR 23012); vLLM needs `continue_final_message: true` with
 * `add_generation_prompt: false`; text-generation-webui's API has `continue_`. LM Studio (REST
 * and SDK) documents nothing of the kind, so it is asked.
 */
const PREFILL_PRESETS: readonly PresetId[] = ['llama-cpp', 'vllm', 'text-generation-webui'];

export function continueMechanism(server: { kind: ServerKind; preset?: PresetId }): ContinueMechanism {
  if (server.kind === 'ollama') return 'prefill';
  if (server.kind === 'openai-compatible' && server.preset && PREFILL_PRESETS.includes(server.preset))
    return 'prefill';
  return 'ask';
}

/** The user message of the `ask` fallback. */
export const CONTINUE_REQUEST =
  'Continue your previous answer exactly where it stopped. Do not repeat any of it and do not comment; write only what comes next.';
