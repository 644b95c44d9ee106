import {
  isSingleLlamaCpp,
  llamaCppPropsUrl,
  lmstudioModelsUrl,
  withLlamaCppContext,
  withLMStudioDetails,
  withLMStudioV1Details,
} from './models';
import { lmstudioV1Url } from './lmstudio-v1';
import type OpenAI from 'openai';
import { LLMProvider } from '../base';
import { resultAsEvents } from '../collect';
import { abortedError } from '../errors';
import { batchOfRead, flattenBatches } from '../event-batches';
import {
  badResponseError,
  failureContext,
  forModel,
  streamBrokenError,
  type HttpFailureContext,
} from '../http/http-errors';
import { guardRequest, guardStream, type StreamRun } from '../http/http-stream';
import { completionResult, modelList } from './completion';
import { LMStudioModelManager } from './lmstudio-model-manager';
import { describeOpenAIFailure } from './errors';
import { openAIChatBody, openAIClient, type OpenAIChatBody } from './request';
import { OpenAIChunkMapper } from './stream';
import { readSseEvents, type SseEvent } from '../http/sse-lines';
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
 * LM Studio's OpenAI-compatible API (and any OpenAI-compatible server) over the official
 * `openai` package, which builds, authenticates and sends each request and turns HTTP failures
 * into its error classes. The SSE body is read with Brook's linear parser through
 * `.asResponse()`: the package's own decoder copies its buffer once per event, which made it
 * ~100× slower than raw fetch in a Chromium worker (see the notes on performance).
 */
export class OpenAICompatibleProvider extends LLMProvider {
  /** LM Studio's REST API, or any other OpenAI-compatible server: same protocol, own wording. */
  readonly kind: 'lmstudio-rest' | 'openai-compatible';
  override readonly supportsStreaming: boolean = true;
  private readonly client: OpenAI;
  private readonly baseUrl: string;
  private readonly preset: ProviderConfig['preset'];
  /** Sent with the detail requests too (llama.cpp's `--api-key` guards /props). */
  private readonly apiKey: string | undefined;

  /** Who this server's failures are about (its messages name it). */
  private readonly failures: HttpFailureContext;

  constructor(config: ProviderConfig, kind: 'lmstudio-rest' | 'openai-compatible' = 'lmstudio-rest') {
    super();
    this.kind = kind;
    this.baseUrl = config.baseUrl;
    this.preset = config.preset;
    this.apiKey = config.apiKey;
    this.failures = failureContext(kind, config);
    this.client = openAIClient(config);
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
    const ctx = this.context(options.model);
    const body = openAIChatBody(messages, options, this.preset);
    yield* guardStream(
      this.kind,
      options.signal,
      (run) => this.streamChat(ctx, body, run),
      describeOpenAIFailure(ctx, options.signal),
    );
  }

  /** One batch per network read: the events of the SSE events that read completed. */
  private async *streamChat(
    ctx: HttpFailureContext,
    body: OpenAIChatBody,
    run: StreamRun,
  ): AsyncGenerator<StreamEventBatch, void, undefined> {
    const request = { ...body, stream: true as const, stream_options: { include_usage: true } };
    const response = await this.client.chat.completions.create(request, { signal: run.signal }).asResponse();
    run.started();
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      // A server that ignored `stream`, or an error body sent with 200: read it whole.
      yield [...resultAsEvents(completionResult(ctx, await response.text()))];
      return;
    }
    if (!response.body) throw badResponseError(ctx, 'the reply has no body');
    const mapper = new OpenAIChunkMapper(ctx);
    const mapEvent = (event: SseEvent, batch: StreamEvent[]): boolean => {
      for (const mapped of mapper.map(event)) batch.push(mapped);
      return mapper.done;
    };
    for await (const events of readSseEvents(response.body)) {
      if (run.signal.aborted) throw abortedError(this.kind);
      // After [DONE] the answer is complete: returning cancels the body (closes it).
      if (yield* batchOfRead(events, mapEvent)) return;
    }
    if (!mapper.finished) throw streamBrokenError(ctx, 'the server ended the answer before it finished');
    yield mapper.finish();
  }

  async complete(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    const ctx = this.context(options.model);
    const request = { ...openAIChatBody(messages, options, this.preset), stream: false as const };
    return guardRequest(
      this.kind,
      options.signal,
      async (run) => {
        const response = await this.client.chat.completions
          .create(request, { signal: run.signal })
          .asResponse();
        run.started();
        return completionResult(ctx, await response.text());
      },
      describeOpenAIFailure(ctx, options.signal),
    );
  }

  async listModels(signal: AbortSignal): Promise<ModelInfo[]> {
    const ctx = this.context();
    return guardRequest(
      this.kind,
      signal,
      async (run) => {
        const response = await this.client.models.list({ signal: run.signal }).asResponse();
        run.started();
        const text = await response.text();
        const models = modelList(ctx, text);
        if (this.kind === 'lmstudio-rest') {
          const v1 = await optionalJson(lmstudioV1Url(this.baseUrl, 'models'), run.signal, this.apiKey);
          return (
            withLMStudioV1Details(models, v1) ??
            withLMStudioDetails(models, await lmstudioDetails(this.baseUrl, run.signal, this.apiKey))
          );
        }
        if (isSingleLlamaCpp(text))
          return withLlamaCppContext(
            models,
            await optionalJson(llamaCppPropsUrl(this.baseUrl), run.signal, this.apiKey),
          );
        return models;
      },
      describeOpenAIFailure(ctx, signal),
    );
  }

  /** LM Studio's REST API v1 manages its models; other OpenAI-compatible servers have no such API. */
  override modelManager(): ModelManager | undefined {
    if (this.kind !== 'lmstudio-rest') return undefined;
    return new LMStudioModelManager(this.client, this.baseUrl, this.failures);
  }

  private context(model?: string): HttpFailureContext {
    return forModel(this.failures, model);
  }
}

/** LM Studio's model list before 0.4 (loaded state, context, vision); undefined when it cannot be read. */
function lmstudioDetails(baseUrl: string, signal: AbortSignal, apiKey: string | undefined): Promise<unknown> {
  return optionalJson(lmstudioModelsUrl(baseUrl), signal, apiKey);
}

/** A details reply beside the OpenAI API; undefined when it cannot be read (the models are listed anyway). */
async function optionalJson(url: string, signal: AbortSignal, apiKey?: string): Promise<unknown> {
  try {
    const headers: Record<string, string> = apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
    const response = await fetch(url, { signal, credentials: 'omit', headers });
    return response.ok ? ((await response.json()) as unknown) : undefined;
  } catch (error) {
    if (signal.aborted) throw error;
    return undefined; // an older server: the models are listed without details
  }
}
