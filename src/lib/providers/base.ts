import { ProviderError } from './errors';
import { resultAsEvents } from './collect';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ModelInfo,
  ProviderKind,
  StreamEvent,
  StreamEventBatch,
} from '../vocabulary/chat';
import type { ModelManager } from '../vocabulary/models';

/**
 * The provider contract from the streaming plan, in TypeScript.
 *
 * - `supportsStreaming` tells the worker whether `events()` really streams.
 * - `complete()` makes one non-streaming request: the whole answer at once.
 * - `events()` is the typed stream; its default falls back to `complete()` and yields the
 *   whole answer as one text event, so every provider works with streaming callers.
 * - `eventBatches()` is the same stream in batches, what the worker reads: the events of one
 *   network read at a time, in order, never an empty batch. Its default wraps `events()` one
 *   event per batch (or, without streaming, gives the `complete()` answer as one batch);
 *   streaming providers implement it natively and make `events()` its flattened view.
 * - `chatStream()` and `chat()` are thin views: the text of `events()` and of `complete()`.
 * - `modelManager()` is model management (vocabulary/models.ts), for servers that have it.
 *
 * Errors are thrown as `ProviderError` (never yielded as answer text), carrying the partial
 * answer. Aborting `options.signal` closes the connection and throws kind `aborted`.
 */
export abstract class LLMProvider {
  abstract readonly kind: ProviderKind;
  readonly supportsStreaming: boolean = false;

  abstract complete(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult>;

  abstract listModels(signal: AbortSignal): Promise<ModelInfo[]>;

  /** Downloading, deleting, loading and unloading models, where the server offers it. */
  modelManager(): ModelManager | undefined {
    return undefined;
  }

  async *events(messages: ChatMessage[], options: ChatOptions): AsyncGenerator<StreamEvent, void, undefined> {
    yield* resultAsEvents(await this.complete(messages, options));
  }

  async *eventBatches(
    messages: ChatMessage[],
    options: ChatOptions,
  ): AsyncGenerator<StreamEventBatch, void, undefined> {
    if (!this.supportsStreaming) {
      yield [...resultAsEvents(await this.complete(messages, options))];
      return;
    }
    for await (const event of this.events(messages, options)) yield [event];
  }

  async *chatStream(messages: ChatMessage[], options: ChatOptions): AsyncGenerator<string, void, undefined> {
    for await (const event of this.events(messages, options)) {
      if (event.type === 'text') yield event.text;
    }
  }

  async chat(messages: ChatMessage[], options: ChatOptions): Promise<string> {
    return (await this.complete(messages, options)).text;
  }

  protected throwIfAborted(signal: AbortSignal, partialText = '', partialReasoning = ''): void {
    if (signal.aborted) {
      throw new ProviderError('aborted', 'Stopped.', { provider: this.kind, partialText, partialReasoning });
    }
  }
}

/** Prepends the system prompt, when set, to the conversation sent to the server. */
export function withSystemPrompt(messages: ChatMessage[], systemPrompt?: string): ChatMessage[] {
  if (!systemPrompt) return messages;
  return [{ role: 'system', content: systemPrompt }, ...messages];
}
