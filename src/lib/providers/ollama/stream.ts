import { isJsonObject, type JsonObject } from '../../vocabulary/json';
import { serverMessage, streamBrokenError, type HttpFailureContext } from '../http/http-errors';
import type { FinishReason, GenerationStats, StreamEvent, ToolCall } from '../../vocabulary/chat';

/**
 * Ollama's /api/chat objects (one NDJSON line each, or the whole stream:false reply) as Brook
 * stream events: `message.thinking` → reasoning, `message.content` → text, `message.tool_calls`
 * → tool calls, and the `done: true` object → one finish event with its stats.
 */

const NS_PER_SECOND = 1e9;

export class OllamaChunkMapper {
  /** Set once the `done: true` object has been mapped. */
  done = false;
  private sawToolCalls = false;

  constructor(private readonly ctx: HttpFailureContext) {}

  map(chunk: unknown): StreamEvent[] {
    if (!isJsonObject(chunk))
      throw streamBrokenError(this.ctx, 'the server sent something other than a chat object');
    if ('error' in chunk) {
      const detail = serverMessage(chunk) ?? 'unknown error';
      throw streamBrokenError(this.ctx, `the server reported "${detail}"`);
    }
    const events: StreamEvent[] = [];
    const message = chunk['message'];
    if (isJsonObject(message)) {
      const { thinking, content, tool_calls: toolCalls } = message;
      if (typeof thinking === 'string' && thinking !== '') events.push({ type: 'reasoning', text: thinking });
      if (typeof content === 'string' && content !== '') events.push({ type: 'text', text: content });
      if (Array.isArray(toolCalls)) {
        for (const call of toolCalls) {
          const parsed = toToolCall(call);
          if (parsed !== undefined) {
            this.sawToolCalls = true;
            events.push({ type: 'tool-call', call: parsed });
          }
        }
      }
    }
    if (chunk['done'] === true) {
      this.done = true;
      events.push(finishEvent(chunk, this.sawToolCalls));
    }
    return events;
  }
}

function toToolCall(value: unknown): ToolCall | undefined {
  if (!isJsonObject(value) || !isJsonObject(value['function'])) return undefined;
  const fn = value['function'];
  if (typeof fn['name'] !== 'string') return undefined;
  const args = fn['arguments'];
  const call: ToolCall = {
    name: fn['name'],
    arguments: isJsonObject(args) ? args : typeof args === 'string' ? args : {},
  };
  if (typeof value['id'] === 'string') call.id = value['id'];
  return call;
}

function finishEvent(chunk: JsonObject, sawToolCalls: boolean): StreamEvent {
  const raw = typeof chunk['done_reason'] === 'string' ? chunk['done_reason'] : undefined;
  const event: StreamEvent = {
    type: 'finish',
    reason: unifiedReason(raw, sawToolCalls),
    stats: ollamaStats(chunk),
  };
  if (raw !== undefined) event.rawReason = raw;
  if (typeof chunk['model'] === 'string') event.model = chunk['model'];
  return event;
}

/** Ollama says "stop" even when the model called tools; "load"/"unload" are not generations. */
function unifiedReason(raw: string | undefined, sawToolCalls: boolean): FinishReason {
  if (raw === 'length') return 'length';
  if (raw === undefined || raw === 'stop') return sawToolCalls ? 'tool-calls' : 'stop';
  return 'other';
}

/** Durations arrive in nanoseconds; tokens/s is eval_count over eval_duration. */
export function ollamaStats(chunk: JsonObject): GenerationStats {
  const num = (key: string): number | undefined => {
    const value = chunk[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  };
  const stats: GenerationStats = {};
  const promptTokens = num('prompt_eval_count');
  const evalCount = num('eval_count');
  const evalDuration = num('eval_duration');
  const total = num('total_duration');
  const load = num('load_duration');
  const promptDuration = num('prompt_eval_duration');
  if (promptTokens !== undefined) stats.promptTokens = promptTokens;
  if (evalCount !== undefined) stats.completionTokens = evalCount;
  if (total !== undefined) stats.totalDurationSec = total / NS_PER_SECOND;
  if (load !== undefined) stats.loadDurationSec = load / NS_PER_SECOND;
  // Ollama does not report time to first token; loading plus prompt evaluation is what precedes it.
  if (promptDuration !== undefined)
    stats.timeToFirstTokenSec = ((load ?? 0) + promptDuration) / NS_PER_SECOND;
  if (evalCount !== undefined && evalDuration !== undefined && evalDuration > 0) {
    stats.tokensPerSecond = evalCount / (evalDuration / NS_PER_SECOND);
  }
  return stats;
}
