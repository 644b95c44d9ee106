import type { ServerFlavor } from './openai-model-lists';
import { randomUUID } from 'node:crypto';
import { scriptedTokens, tokenCounts, type FrameFormat, type TokenCounts } from './http-pacing';
import type { Scenario } from './scenario';

/**
 * The shapes of LM Studio's chat replies: `chat.completion.chunk` SSE events (role on the first
 * delta, reasoning in `reasoning_content`, tool calls in pieces, finish chunk, usage chunk,
 * `[DONE]`), the whole `chat.completion`, and its `{"error":{…}}` bodies.
 *
 * The llama.cpp flavor follows a real llama-server (b1-de3ff81, node-llama-cpp 3.22.1's source;
 * checked by tests/real-server/emulator-conformance.test.ts). What differed from LM Studio's
 * shapes, and was fixed here: a chunk of its own with `role` and `content: null` comes before the
 * first token; choices carry no `logprobs`; `system_fingerprint` is the build, not the model;
 * `timings` (prompt_n, predicted_per_second…) ride on the finish chunk, or on the usage chunk when
 * usage is asked for, whose usage has `prompt_tokens_details`; a whole reply's message has only
 * the fields it uses, and no `stats`.
 */

export interface LMStudioChatSettings {
  models: readonly string[];
  /** Where reasoning goes in a delta: LM Studio's `reasoning_content`, or newer builds' `reasoning`. */
  reasoningField: 'reasoning_content' | 'reasoning';
  /** Which server it plays (for the words of a refusal). */
  flavor: ServerFlavor;
  /** Models that take images (unset: all); images to another are refused as that server does. */
  visionModels?: readonly string[];
  /** llama.cpp: the slot's context; longer prompts are refused (see the emulator's options). */
  contextLimit?: number;
  /** A chat is about to answer with this model (LM Studio loads it just in time). */
  onModelUsed?: (model: string) => void;
}

type Json = Record<string, unknown>;

/** The real llama-server the llama.cpp flavor was checked against (its `system_fingerprint`). */
const LLAMA_CPP_BUILD = 'b1-de3ff81';

export function openAIError(message: string, type: string, param: string | null, code: string | null): Json {
  return { error: { message, type, param, code } };
}

/** One reply: its id, creation time and model stay the same across its chunks. */
export class LMStudioReply {
  private readonly id = `chatcmpl-${randomUUID().replaceAll('-', '').slice(0, 22)}`;
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    private readonly model: string,
    private readonly scenario: Scenario,
    private readonly promptTokens: number,
    private readonly settings: LMStudioChatSettings,
  ) {}

  private get isLlamaCpp(): boolean {
    return this.settings.flavor === 'llama.cpp';
  }

  private head(object: string): Json {
    const fingerprint = this.isLlamaCpp ? LLAMA_CPP_BUILD : this.model;
    return { id: this.id, object, created: this.created, model: this.model, system_fingerprint: fingerprint };
  }

  private event(delta: Json, finishReason: string | null = null, extra: Json = {}): string {
    const choice = this.isLlamaCpp
      ? { finish_reason: finishReason, index: 0, delta }
      : { index: 0, delta, logprobs: null, finish_reason: finishReason };
    return `data: ${JSON.stringify({ ...this.head('chat.completion.chunk'), choices: [choice], ...extra })}\n\n`;
  }

  /** llama-server's own measurements of a reply (made-up figures of the right kinds). */
  private timings(counts: TokenCounts): Json {
    const predicted = counts.reasoning + counts.answer;
    return {
      cache_n: 0,
      prompt_n: this.promptTokens,
      prompt_ms: this.promptTokens * 0.5,
      prompt_per_token_ms: 0.5,
      prompt_per_second: 2000,
      predicted_n: predicted,
      predicted_ms: predicted * 5,
      predicted_per_token_ms: 5,
      predicted_per_second: 200,
    };
  }

  /** A mid-stream error event (both flavors word it as OpenAI does). */
  private errorFrame(message: string): string {
    return `data: ${JSON.stringify(openAIError(message, 'server_error', null, null))}\n\n`;
  }

  /** A chunk cut off mid-JSON. */
  private malformedFrame(): string {
    return `data: {"id":"${this.id}","object":"chat.completion.chu\n\n`;
  }

  /** Each tool call streamed in pieces: its head, then its arguments in thirds. */
  private toolCallFrames(): string[] {
    const frames: string[] = [];
    for (const [index, call] of (this.scenario.toolCalls ?? []).entries()) {
      const head = {
        index,
        id: call.id ?? `${100000 + index}`,
        type: 'function',
        function: { name: call.name, arguments: '' },
      };
      frames.push(this.event({ tool_calls: [head] }));
      for (const piece of thirds(JSON.stringify(call.arguments))) {
        frames.push(this.event({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    }
    return frames;
  }

  private llamaCppUsage(counts: TokenCounts): Json {
    return { ...this.usage(counts), prompt_tokens_details: { cached_tokens: 0 } };
  }

  usage(counts: TokenCounts): Json {
    const completion = counts.reasoning + counts.answer;
    return {
      prompt_tokens: this.promptTokens,
      completion_tokens: completion,
      total_tokens: this.promptTokens + completion,
    };
  }

  finishReason(): string {
    return this.scenario.finishReason ?? ((this.scenario.toolCalls?.length ?? 0) > 0 ? 'tool_calls' : 'stop');
  }

  sseFormat(includeUsage: boolean): FrameFormat {
    const field = (kind: 'reasoning' | 'answer'): string =>
      kind === 'answer' ? 'content' : this.settings.reasoningField;
    if (this.isLlamaCpp) return this.llamaCppSseFormat(includeUsage, field);
    return {
      token: (token) =>
        this.event({ ...(token.index === 0 ? { role: 'assistant' } : {}), [field(token.kind)]: token.text }),
      error: (message) => this.errorFrame(message),
      malformed: () => this.malformedFrame(),
      closing: (counts) => {
        const frames: string[] = [];
        if (counts.reasoning + counts.answer === 0)
          frames.push(this.event({ role: 'assistant', content: '' }));
        frames.push(...this.toolCallFrames());
        frames.push(this.event({}, this.finishReason()));
        if (includeUsage) {
          frames.push(
            `data: ${JSON.stringify({ ...this.head('chat.completion.chunk'), choices: [], usage: this.usage(counts) })}\n\n`,
          );
        }
        frames.push('data: [DONE]\n\n');
        return frames;
      },
    };
  }

  private llamaCppSseFormat(
    includeUsage: boolean,
    field: (kind: 'reasoning' | 'answer') => string,
  ): FrameFormat {
    const roleChunk = () => this.event({ role: 'assistant', content: null });
    return {
      token: (token) =>
        (token.index === 0 ? roleChunk() : '') + this.event({ [field(token.kind)]: token.text }),
      error: (message) => this.errorFrame(message),
      malformed: () => this.malformedFrame(),
      closing: (counts) => {
        const frames: string[] = [];
        if (counts.reasoning + counts.answer === 0) frames.push(roleChunk());
        frames.push(...this.toolCallFrames());
        if (includeUsage) {
          frames.push(this.event({}, this.finishReason()));
          const usage = { choices: [], usage: this.llamaCppUsage(counts), timings: this.timings(counts) };
          frames.push(`data: ${JSON.stringify({ ...this.head('chat.completion.chunk'), ...usage })}\n\n`);
        } else {
          frames.push(this.event({}, this.finishReason(), { timings: this.timings(counts) }));
        }
        frames.push('data: [DONE]\n\n');
        return frames;
      },
    };
  }

  whole(): Json {
    const tokens = scriptedTokens(this.scenario);
    const text = (kind: string): string =>
      tokens
        .filter((t) => t.kind === kind)
        .map((t) => t.text)
        .join('');
    const toolCalls = (this.scenario.toolCalls ?? []).map((call, index) => ({
      type: 'function',
      id: call.id ?? `${100000 + index}`,
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
    }));
    const message = {
      role: 'assistant',
      content: text('answer'),
      [this.settings.reasoningField]: text('reasoning'),
      tool_calls: toolCalls,
    };
    const counts = tokenCounts(this.scenario);
    if (this.isLlamaCpp) {
      const reasoning = text('reasoning');
      const llamaMessage = {
        role: 'assistant',
        content: text('answer'),
        ...(reasoning ? { reasoning_content: reasoning } : {}),
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      };
      return {
        ...this.head('chat.completion'),
        choices: [{ finish_reason: this.finishReason(), index: 0, message: llamaMessage }],
        usage: this.llamaCppUsage(counts),
        timings: this.timings(counts),
      };
    }
    return {
      ...this.head('chat.completion'),
      choices: [{ index: 0, message, logprobs: null, finish_reason: this.finishReason() }],
      usage: { ...this.usage(counts), completion_tokens_details: { reasoning_tokens: counts.reasoning } },
      stats: {},
    };
  }
}

/** A JSON string in three pieces, as servers stream tool arguments. */
function thirds(text: string): string[] {
  const step = Math.max(1, Math.ceil(text.length / 3));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += step) pieces.push(text.slice(i, i + step));
  return pieces;
}
