import type { LLM, LMStudioClient, OngoingPrediction } from '@lmstudio/sdk';
import { LLMProvider } from '../base';
import { collectEvents } from '../collect';
import { ProviderError, abortedError } from '../errors';
import { flattenBatches } from '../event-batches';
import { discardNativeClient, disposeNativeClients, nativeClientFor } from './client';
import { isTransportFailure, toNativeProviderError, type NativeCallPhase } from './errors';
import { EventQueue } from './event-queue';
import { LMStudioNativeModelManager } from './model-manager';
import { loadedContextsOf, toModelInfos } from './models';
import { queueFinish, queueFragments, untilAborted } from './stream';
import { toSdkChat, toSdkPredictionConfig } from './request';
import { normaliseNativeBaseUrl } from './url';
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

export { disposeNativeClients };

/** The model left memory (unloaded in LM Studio or from Brook) before the answer ended. */
function unloadedMidAnswer(
  model: string | undefined,
  partial: { text: string; reasoning: string },
): ProviderError {
  const name = model?.trim() ? `"${model.trim()}"` : 'the model';
  return new ProviderError('stream-broken', `LM Studio unloaded ${name} while it was answering.`, {
    provider: 'lmstudio-native',
    partialText: partial.text,
    partialReasoning: partial.reasoning,
    hint: 'The text so far is kept: load the model again (or pick another) and press Continue.',
  });
}

/**
 * LM Studio through its own SDK (`@lmstudio/sdk`, WebSocket), the plan's streaming provider.
 *
 * - `eventBatches()` streams `model.respond()` fragments: answer text, reasoning (tags left
 *   out), prompt-processing progress, then one finish with LM Studio's stats; `events()` is its
 *   flattened view.
 * - No model set: whichever model is loaded (`llm.model()`); a key: that model, loaded on
 *   demand by LM Studio (`llm.model(key)`).
 * - Stop: the AbortSignal goes to the SDK, which sends `cancel` so LM Studio stops generating;
 *   the stream ends at once with kind `aborted` and the partial text, without waiting for the
 *   server's `userStopped` reply. Leaving the loop early cancels the same way.
 */
export class LMStudioNativeProvider extends LLMProvider {
  readonly kind = 'lmstudio-native' as const;
  override readonly supportsStreaming = true;
  /** The normalised ws:// address (no trailing slash). */
  readonly baseUrl: string;
  private readonly urlError: string | undefined;

  constructor(config: ProviderConfig) {
    super();
    const normalised = normaliseNativeBaseUrl(config.baseUrl);
    this.baseUrl = 'url' in normalised ? normalised.url : config.baseUrl;
    this.urlError = 'error' in normalised ? normalised.error : undefined;
  }

  override async complete(messages: ChatMessage[], options: ChatOptions): Promise<ChatResult> {
    return collectEvents(this.events(messages, options));
  }

  override events(
    messages: ChatMessage[],
    options: ChatOptions,
  ): AsyncGenerator<StreamEvent, void, undefined> {
    return flattenBatches(this.eventBatches(messages, options));
  }

  /** One batch per wake-up: every fragment (and progress) the SDK delivered since the last one. */
  override async *eventBatches(
    messages: ChatMessage[],
    options: ChatOptions,
  ): AsyncGenerator<StreamEventBatch, void, undefined> {
    const { signal } = options;
    this.throwIfAborted(signal);
    const client = this.client();
    const partial = { text: '', reasoning: '' };
    let phase: NativeCallPhase = 'lookup';
    let prediction: OngoingPrediction | undefined;
    let finished = false;
    try {
      const model = await untilAborted(this.model(client, options), signal);
      const chat = await untilAborted(toSdkChat(client, messages, options.systemPrompt), signal);
      phase = 'predict';
      const queue = new EventQueue<StreamEvent>();
      prediction = model.respond(chat, {
        ...toSdkPredictionConfig(options),
        signal,
        onPromptProcessingProgress: (progress) => queue.push({ type: 'prompt-progress', progress }),
        onPredictionFragment: queueFragments(queue),
      });
      void queueFinish(prediction, queue);
      for await (const batch of queue.drain(signal)) {
        for (const event of batch) {
          if (event.type === 'text') partial.text += event.text;
          if (event.type === 'reasoning') partial.reasoning += event.text;
          if (event.type === 'finish') finished = true;
          if (event.type === 'finish' && event.rawReason === 'modelUnloaded') {
            yield batch.filter((item) => item !== event);
            throw unloadedMidAnswer(options.model, partial);
          }
        }
        yield batch;
      }
      // The server may end with userStopped just as the user stops: that is still a stop.
      if (signal.aborted) throw abortedError(this.kind, partial.text, partial.reasoning);
    } catch (error) {
      finished = true;
      throw this.failure(error, client, { phase, signal, options, partial });
    } finally {
      // The caller left the loop early: stop generating on the server too.
      if (!finished && prediction !== undefined) void prediction.cancel();
    }
  }

  override async listModels(signal: AbortSignal): Promise<ModelInfo[]> {
    this.throwIfAborted(signal);
    const client = this.client();
    try {
      const [downloaded, loaded] = await untilAborted(
        Promise.all([client.system.listDownloadedModels('llm'), client.llm.listLoaded()]),
        signal,
      );
      return toModelInfos(downloaded, loaded, await untilAborted(loadedContextsOf(loaded), signal));
    } catch (error) {
      throw this.failure(error, client, { phase: 'list', signal, partial: { text: '', reasoning: '' } });
    }
  }

  override modelManager(): ModelManager {
    return new LMStudioNativeModelManager(
      () => this.client(),
      this.baseUrl,
      (error, client) => {
        if (isTransportFailure(error)) discardNativeClient(this.baseUrl, client);
      },
    );
  }

  private client(): LMStudioClient {
    if (this.urlError !== undefined) {
      throw new ProviderError('connection', this.urlError, {
        provider: this.kind,
        hint: 'Fix the server address.',
      });
    }
    return nativeClientFor(this.baseUrl);
  }

  private model(client: LMStudioClient, options: ChatOptions): Promise<LLM> {
    const key = options.model?.trim();
    if (!key) return client.llm.model();
    return client.llm.model(key, { signal: options.signal, verbose: false });
  }

  private failure(
    error: unknown,
    client: LMStudioClient,
    context: {
      phase: NativeCallPhase;
      signal: AbortSignal;
      options?: ChatOptions;
      partial: { text: string; reasoning: string };
    },
  ): ProviderError {
    const failure = toNativeProviderError(error, {
      phase: context.phase,
      baseUrl: this.baseUrl,
      signal: context.signal,
      modelKey: context.options?.model,
      partialText: context.partial.text,
      partialReasoning: context.partial.reasoning,
    });
    if (failure.kind === 'connection' || isTransportFailure(error)) discardNativeClient(this.baseUrl, client);
    return failure;
  }
}
