import type { ServerFlavor } from './openai-model-lists';
import { randomUUID } from 'node:crypto';
import { scriptedTokens, tokenCounts, type FrameFormat, type TokenCounts } from './http-pacing';
import type { Scenario } from './scenario';

/**
 * The shapes of LM Studio's chat replies: `chat.completion.chunk` SSE events (role on the first
 * delta, reasoning in `reasoning_content`, tool calls in pieces, finish chunk, usage chunk,
 * `[DONE]`), the whole `chat.completion`, and its `{"error":{…}}` bodies.
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

  private head(object: string): Json {
    return { id: this.id, object, created: this.created, model: this.model, system_fingerprint: this.model };
  }

  private event(delta: Json, finishReason: string | null = null): string {
    const choice = { index: 0, delta, logprobs: null, finish_reason: finishReason };
    return `data: ${JSON.stringify({ ...this.head('chat.completion.chunk'), choices: [choice] })}\n\n`;
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
    return {
      token: (token) =>
        this.event({ ...(token.index === 0 ? { role: 'assistant' } : {}), [field(token.kind)]: token.text }),
      error: (message) => `data: ${JSON.stringify(openAIError(message, 'server_error', null, null))}\n\n`,
      malformed: () => `data: {"id":"${this.id}","object":"chat.completion.chu\n\n`,
      closing: (counts) => {
        const frames: string[] = [];
        if (counts.reasoning + counts.answer === 0)
          frames.push(this.event({ role: 'assistant', content: '' }));
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
