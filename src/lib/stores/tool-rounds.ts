import type { ToolCall } from '../providers';
import type { ConversationRecord, ToolCallRecord, ToolRound } from '../vocabulary/records';
import { isBuiltinToolName, runToolCall } from '../tools/builtin-tools';
import type { LiveAnswer } from './chat-types';
import type { CompletePayload } from './transport';

/**
 * The agent loop's pure parts: when a finished turn runs its tools, and what running them
 * gives. The chat store drives the loop (send, run, send again) with these.
 */

/** After this many rounds of tool calls, the answer ends with the calls shown but not run. */
export const MAX_TOOL_ROUNDS = 4;

/** The built-in tools a conversation has enabled. */
export function enabledTools(conversation: ConversationRecord): string[] {
  return (conversation.settings.tools ?? []).filter(isBuiltinToolName);
}

/** Why a turn's tool calls were not run (for the note under them), or null if they should run. */
export type SkipReason = 'cancelled' | 'tools-off' | 'round-limit';

export function toolSkipReason(
  done: CompletePayload,
  enabled: string[],
  roundsSoFar: number,
): SkipReason | null {
  if (done.finishReason === 'cancelled') return 'cancelled';
  if (enabled.length === 0) return 'tools-off';
  if (roundsSoFar >= MAX_TOOL_ROUNDS) return 'round-limit';
  return null;
}

/** The calls as records, each with an id (servers such as Ollama may send none). */
export function callRecords(calls: ToolCall[], round: number): ToolCallRecord[] {
  return calls.map((call, index) => ({
    id: call.id ?? `call_${round}_${index}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
}

/** Runs every call locally (built-in tools are synchronous and cheap) and notes each result. */
export function runRound(
  text: string,
  reasoning: string,
  calls: ToolCallRecord[],
  enabled: string[],
  now = new Date(),
): ToolRound {
  const ran = calls.map((call): ToolCallRecord => {
    const outcome = runToolCall({ name: call.name, arguments: call.arguments }, enabled, now);
    return { ...call, result: outcome.result, ...(outcome.failed ? { failed: true } : {}) };
  });
  return { text, ...(reasoning ? { reasoning } : {}), calls: ran };
}

/** The live answer for the next turn: no text yet, the same first-token time, a fresh waiting clock. */
export function nextTurnLive(answer: LiveAnswer, now: number): LiveAnswer {
  const { toolCalls: _calls, promptProgress: _progress, ...rest } = answer;
  return { ...rest, text: '', reasoning: '', startedAt: now };
}

/** What the live region says while the results go back to the model. */
export function roundAnnouncement(round: ToolRound): string {
  const names = [...new Set(round.calls.map((call) => call.name))].join(', ');
  return `Ran ${names}; sending the results to the model…`;
}
