/**
 * The context length typed when loading a model: empty means the server's default; otherwise a
 * whole number of tokens the model can take (its trained length, when known).
 */
export type ContextChoice = { ok: true; contextLength?: number } | { ok: false; problem: string };

/** Below this a chat hardly fits its system prompt; servers refuse or misbehave. */
export const MIN_CONTEXT = 512;

export function parseContextLength(text: string, max: number | undefined): ContextChoice {
  const trimmed = text.trim().replace(/[\s,_]/g, '');
  if (trimmed === '') return { ok: true };
  if (!/^\d+$/.test(trimmed))
    return { ok: false, problem: 'The context length is a whole number of tokens, e.g. 8192.' };
  const value = Number(trimmed);
  if (value < MIN_CONTEXT) return { ok: false, problem: `Use at least ${MIN_CONTEXT} tokens, e.g. 8192.` };
  if (max !== undefined && value > max)
    return {
      ok: false,
      problem: `This model takes at most ${max.toLocaleString('en')} tokens.`,
    };
  return { ok: true, contextLength: value };
}
