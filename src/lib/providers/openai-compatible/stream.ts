import { isJsonObject, type JsonObject } from '../../vocabulary/json';
import { serverMessage, streamBrokenError, type HttpFailureContext } from '../http/http-errors';
import { MalformedLineError } from '../http/ndjson-lines';
import { ToolCallAssembler } from './tool-calls';
import type { SseEvent } from '../http/sse-lines';
import type { FinishReason, GenerationStats, StreamEvent } from '../../vocabulary/chat';

/**
 * OpenAI-compatible `chat.completion.chunk` events as Brook stream events. Tolerant on purpose,
 * for LM Studio, llama.cpp, vLLM and Ollama's /v1: unknown fields are ignored, usage and
 * finish_reason may be missing, reasoning comes as `reasoning_content` or `reasoning`. The
 * finish event waits for `data: [DONE]` (or the end of the body) because the usage chunk
 * (`choices: []`) comes after the chunk with the finish reason.
 */

export class OpenAIChunkMapper {
  /** Set once `data: [DONE]` arrived. */
  done = false;
  private rawReason: string | undefined;
  private usage: JsonObject | undefined;
  /** llama.cpp's own measurements (on its finish or usage chunk). */
  private timings: JsonObject | undefined;
  private model: string | undefined;
  private readonly toolCalls = new ToolCallAssembler();
  private sawToolCalls = false;

  constructor(private readonly ctx: HttpFailureContext) {}

  map(event: SseEvent): StreamEvent[] {
    if (event.data.startsWith('[DONE]')) {
      this.done = true;
      return this.finish();
    }
    const chunk = this.parse(event);
    if (chunk === undefined) return [];
    if (typeof chunk['model'] === 'string') this.model = chunk['model'];
    if (isJsonObject(chunk['usage'])) this.usage = chunk['usage'];
    if (isJsonObject(chunk['timings'])) this.timings = chunk['timings'];
    const events: StreamEvent[] = [];
    const choices = Array.isArray(chunk['choices']) ? chunk['choices'] : [];
    for (const choice of choices) {
      // Brook asks for one answer (n = 1); any other choice is not ours.
      if (!isJsonObject(choice) || (typeof choice['index'] === 'number' && choice['index'] !== 0)) continue;
      const delta = isJsonObject(choice['delta']) ? choice['delta'] : {};
      const reasoning = nonEmpty(delta['reasoning_content']) ?? nonEmpty(delta['reasoning']);
      if (reasoning !== undefined) events.push({ type: 'reasoning', text: reasoning });
      const content = nonEmpty(delta['content']);
      if (content !== undefined) events.push({ type: 'text', text: content });
      if (Array.isArray(delta['tool_calls'])) {
        for (const piece of delta['tool_calls']) this.toolCalls.add(piece);
      }
      if (typeof choice['finish_reason'] === 'string') {
        this.rawReason = choice['finish_reason'];
        events.push(...this.drainToolCalls());
      }
    }
    return events;
  }

  /** True when the body may end here without [DONE] (some servers skip it). */
  get finished(): boolean {
    return this.rawReason !== undefined;
  }

  /** The remaining tool calls and the one finish event. */
  finish(): StreamEvent[] {
    const events = this.drainToolCalls();
    const finish: StreamEvent = {
      type: 'finish',
      reason: unifiedReason(this.rawReason, this.sawToolCalls),
      stats: usageStats(this.usage, this.timings),
    };
    if (this.rawReason !== undefined) finish.rawReason = this.rawReason;
    if (this.model !== undefined) finish.model = this.model;
    events.push(finish);
    return events;
  }

  /** The chunk; undefined for an event of a type Brook does not know (a ping) whose data is not JSON. */
  private parse(event: SseEvent): JsonObject | undefined {
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      if (event.event === 'error') throw this.serverError(event.data);
      if (event.event !== 'message') return undefined;
      throw new MalformedLineError(event.data);
    }
    if (event.event === 'error' || (isJsonObject(chunk) && chunk['error'])) throw this.serverError(chunk);
    if (!isJsonObject(chunk)) throw new MalformedLineError(event.data);
    return chunk;
  }

  private serverError(body: unknown): Error {
    return streamBrokenError(this.ctx, `the server reported "${serverMessage(body) ?? 'an error'}"`);
  }

  private drainToolCalls(): StreamEvent[] {
    if (this.toolCalls.size === 0) return [];
    this.sawToolCalls = true;
    return this.toolCalls.drain().map((call) => ({ type: 'tool-call', call }));
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The unified reason; a missing one is a normal stop (or tool calls, when there were some). */
export function unifiedReason(raw: string | undefined | null, sawToolCalls: boolean): FinishReason {
  switch (raw) {
    case undefined:
    case null:
    case 'stop':
    case 'eos':
      return sawToolCalls ? 'tool-calls' : 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}

/**
 * The token counts of `usage`, and llama.cpp's `timings` where the server sent them: its own
 * generation speed (`predicted_per_second`, measured by the server, so it leaves out the network
 * and the first token's wait) and, without usage, its counts (`prompt_n` + `cache_n`, `predicted_n`).
 */
export function usageStats(usage: unknown, timings?: unknown): GenerationStats {
  const stats: GenerationStats = {};
  if (isJsonObject(usage)) {
    if (typeof usage['prompt_tokens'] === 'number') stats.promptTokens = usage['prompt_tokens'];
    if (typeof usage['completion_tokens'] === 'number') stats.completionTokens = usage['completion_tokens'];
  }
  if (isJsonObject(timings)) {
    const rate = timings['predicted_per_second'];
    if (typeof rate === 'number' && Number.isFinite(rate) && rate > 0) stats.tokensPerSecond = rate;
    // prompt_n counts only the prompt tokens evaluated; cache_n those reused from the cache.
    if (stats.promptTokens === undefined && typeof timings['prompt_n'] === 'number')
      stats.promptTokens =
        timings['prompt_n'] + (typeof timings['cache_n'] === 'number' ? timings['cache_n'] : 0);
    if (stats.completionTokens === undefined && typeof timings['predicted_n'] === 'number')
      stats.completionTokens = timings['predicted_n'];
  }
  return stats;
}
