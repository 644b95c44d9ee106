import { LLMProvider } from '../base';
import { AnswerAccumulator } from '../collect';
import { abortedError, ProviderError } from '../errors';
import { batchOfRead, flattenBatches } from '../event-batches';
import {
  badResponseError,
  failureContext,
  forModel,
  streamBrokenError,
  type HttpFailureContext,
} from '../http/http-errors';
import { guardRequest, guardStream, type StreamRun } from '../http/http-stream';
import { parseNdjsonLine, readLines } from '../http/ndjson-lines';
import { describeOllamaFailure, otherServerReply } from './errors';
import { ollamaChatRequest, ollamaClientFor } from './request';
import { OllamaModelDetails } from './models';
import { OllamaModelManager } from './model-manager';
import { OllamaChunkMapper } from './stream';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ModelInfo,
  ProviderConfig,
  StreamEvent,
  StreamEventBatch,
} from '../../vocabulary/chat';
import type { ModelManager } from '../../vocabulary/models';

/**
 * Ollama over the official `ollama` package (browser entry). The package builds and sends each
 * request and checks its status (its `ResponseError`); the streamed NDJSON body is read by
 * Brook's line reader, which decodes UTF-8 across reads and reports a malformed line as a broken
 * stream (ollama-js logs such a line and drops it, losing text silently).
 */
export class OllamaProvider extends LLMProvider {
  readonly kind = 'ollama' as const;
  override readonly supportsStreaming: boolean = true;
  private readonly host: string;
  private readonly details = new OllamaModelDetails();
  private manager: OllamaModelManager | undefined;

  /** Who this server's failures are about (its messages name it). */
  private readonly failures: HttpFailureContext;

  constructor(config: ProviderConfig) {
    super();
    this.host = config.baseUrl;
    this.failures = failureContext(this.kind, config);
  }

  override events(
    messages: ChatMessage[],
    options: ChatOptions,
  ): AsyncGenerator<StreamEvent, void, undefined> {
    return flattenBatches(this.eventBatches(messages, options));
  }

  override async *eventBatches(
    messages: ChatMessage[],
    options: ChatOptions,
  ): AsyncGenerator<StreamEventBatch, void, undefined> {
    if (!this.supportsStreaming) {
      yield* super.eventBatches(messages, options);
      return;
    }
    if (!options.model) throw await this.noModelChosen(options.signal);
    const ctx = this.context(options.model);
    const request = ollamaChatRequest(messages, options);
    yield* guardStream(
      this.kind,
      options.signal,
      (run) => this.streamChat(ctx, request, run),
      describeOllamaFailure(ctx, options.signal),
    );
  }

  /** One batch per network read: the events of the NDJSON lines that read completed. */
  private async *streamChat(
    ctx: HttpFailureContext,
    request: ReturnType<typeof ollamaChatRequest>,
    run: StreamRun,
  ): AsyncGenerator<StreamEventBatch, void, undefined> {
    const { client, response } = ollamaClientFor(this.host, run.signal, run.started);
    await client.chat({ ...request, stream: true });
    const reply = response();
    const body = reply?.body;
    if (!body) throw badResponseError(ctx, 'the reply has no body');
    const contentType = reply?.headers.get('content-type') ?? '';
    const mapper = new OllamaChunkMapper(ctx);
    const mapLine = (line: string, batch: StreamEvent[]): boolean => {
      const chunk = parseNdjsonLine(line);
      if (chunk === undefined) return false;
      const foreign = otherServerReply(ctx, contentType, chunk);
      if (foreign) throw foreign;
      for (const event of mapper.map(chunk)) batch.push(event);
      return mapper.done;
    };
    for await (const lines of readLines(body)) {
      if (run.signal.aborted) throw abortedError(this.kind);
      // After the "done" line the answer is complete: returning cancels the body (closes it).
      if (yield* batchOfRead(lines, mapLine)) return;
    }
    throw streamBrokenError(ctx, 'the server ended the answer before its final "done" line');
  }

  async complete(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    if (!options.model) throw await this.noModelChosen(options.signal);
    const ctx = this.context(options.model);
    const request = ollamaChatRequest(messages, options);
    return guardRequest(
      this.kind,
      options.signal,
      async (run) => {
        const { client } = ollamaClientFor(this.host, run.signal, run.started);
        const reply = await client.chat({ ...request, stream: false });
        const answer = new AnswerAccumulator();
        for (const event of new OllamaChunkMapper(ctx).map(reply)) answer.add(event);
        return answer.finish();
      },
      describeOllamaFailure(ctx, options.signal),
    );
  }

  async listModels(signal: AbortSignal): Promise<ModelInfo[]> {
    const ctx = this.context();
    return guardRequest(
      this.kind,
      signal,
      async (run) => {
        const { client } = ollamaClientFor(this.host, run.signal);
        const models = await this.details.list(client);
        if (!models) throw badResponseError(ctx, 'the model list has no "models"');
        return models;
      },
      describeOllamaFailure(ctx, signal),
    );
  }

  override modelManager(): ModelManager {
    this.manager ??= new OllamaModelManager(this.host, this.failures);
    return this.manager;
  }

  /**
   * Ollama needs a model, so a request with none (an empty model list) is never sent. Why there
   * is none decides the message: a server that cannot be reached says so; one that answers says
   * to pick a model, or to download one when it has none.
   */
  private async noModelChosen(signal: AbortSignal): Promise<ProviderError> {
    let models: ModelInfo[];
    try {
      models = await this.listModels(signal);
    } catch (error) {
      if (error instanceof ProviderError) return error;
      throw error;
    }
    const what =
      models.length === 0
        ? 'Ollama has no models yet: download one (`ollama pull llama3.2`), then pick it in the header.'
        : 'Pick one of its models in the header.';
    return new ProviderError('model-not-found', `No model is chosen, so nothing was sent. ${what}`, {
      provider: this.kind,
      hint: 'Ollama lists the models it has with `ollama list`.',
    });
  }

  private context(model?: string): HttpFailureContext {
    return forModel(this.failures, model);
  }
}
