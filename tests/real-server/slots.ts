/**
 * llama-server's `/slots` (on by default): what each slot is doing, the prompt it was given and how
 * many tokens it decoded. With `--parallel 1` there is one slot, the one every request uses.
 */
export interface SlotState {
  id: number;
  is_processing: boolean;
  n_ctx: number;
  /** Tokens in the slot's cache after the last task: its prompt and what it generated. */
  n_prompt_tokens: number;
  /** The last task's prompt as text, the chat template applied (slots debugging on). */
  prompt: string;
  /** What the last finished task generated (slots debugging on; empty after a cancel). */
  generated: string;
}

export async function slots(url: string, apiKey?: string): Promise<SlotState[]> {
  const response = await fetch(`${url}/slots`, {
    headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
  });
  if (!response.ok) throw new Error(`/slots answered ${response.status}`);
  return (await response.json()) as SlotState[];
}

const IDLE_DEADLINE_MS = 10_000;
const POLL_MS = 25;

/**
 * The slot once it is idle again (the server releases it when a task ends or is cancelled), read
 * by polling `/slots` for at most ten seconds.
 */
export async function idleSlot(url: string): Promise<SlotState> {
  const deadline = Date.now() + IDLE_DEADLINE_MS;
  for (;;) {
    const slot = (await slots(url))[0];
    if (slot && !slot.is_processing) return slot;
    if (Date.now() > deadline) throw new Error(`slot still processing after ${IDLE_DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
