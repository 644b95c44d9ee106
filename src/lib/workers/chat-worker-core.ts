import { createProvider as defaultCreateProvider } from '../providers';
import type { LLMProvider } from '../providers/base';
import { AnswerAccumulator, resultAsEvents } from '../providers/collect';
import { ProviderError, isAbortError, isProviderError, type ProviderErrorData } from '../providers/errors';
import type {
  ChatOptions,
  ChatResult,
  ProviderConfig,
  ProviderKind,
  StreamEvent,
  StreamEventBatch,
} from '../vocabulary/chat';
import { noCorsProbe, type ReachabilityProbe } from '../providers/http/http-connection';
import { DISCOVERY_CANDIDATES, discoverServers, type DiscoveryCandidate } from '../servers/discovery';
import { withEncodedImages } from './image-encoding';
import { InlineThinking } from './inline-thinking';
import { ChunkCoalescer, type Scheduler, timeoutScheduler } from './chunk-coalescer';
import type { ServerTarget, WorkerRequest, WorkerResponse } from './protocol';
import { describeTimeout } from './timeout-message';
import { StreamWatchdog, type WatchdogReason } from './stream-watchdog';

/** The part of a Worker scope or MessagePort the core needs; tests pass a MessageChannel port. */
export interface PortLike {
  postMessage(message: WorkerResponse): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  start?(): void;
}

export interface ChatWorkerDeps {
  createProvider?: (kind: ProviderKind, config: ProviderConfig) => Promise<LLMProvider>;
  scheduler?: Scheduler;
  /**
   * Told each server the page asks for before it is used (the worker's network guard); what it
   * returns takes the allowance back (used for the ports "Find servers" looks at).
   */
  allowServer?: (baseUrl: string) => (() => void) | void;
  /** For tests: where "Find servers" looks, and how it tells a CORS block from nothing there. */
  discoveryCandidates?: readonly DiscoveryCandidate[];
  probe?: ReachabilityProbe;
}

type SendRequest = Extract<WorkerRequest, { type: 'send' }>;

interface InFlight {
  controller: AbortController;
  /** Set once the final message (complete or error) has been posted: nothing may follow it. */
  settled: boolean;
  timedOut: { reason: WatchdogReason; limitMs: number } | null;
  acc: AnswerAccumulator;
  coalescer: ChunkCoalescer | null;
  /** Reads inline thinking tags out of the answer (null: off, or not an answer). */
  thinking?: InlineThinking | null;
}

/**
 * The chat worker's logic: owns every provider and every in-flight request, and turns
 * provider events into protocol messages. The worker entry only attaches this to `self`.
 */
export function attachChatWorker(port: PortLike, deps: ChatWorkerDeps = {}): void {
  const create = deps.createProvider ?? defaultCreateProvider;
  const scheduler = deps.scheduler ?? timeoutScheduler;
  const providers = new Map<string, Promise<LLMProvider>>();
  const inFlight = new Map<string, InFlight>();

  /** One provider per server as configured now (a renamed or re-keyed server gets a new one). */
  function providerFor(server: ServerTarget): Promise<LLMProvider> {
    const key = JSON.stringify([
      server.kind,
      server.baseUrl,
      server.apiKey ?? '',
      server.name,
      server.preset ?? '',
    ]);
    let provider = providers.get(key);
    if (!provider) {
      deps.allowServer?.(server.baseUrl);
      provider = create(server.kind, providerConfig(server));
      providers.set(key, provider);
      provider.catch(() => providers.delete(key));
    }
    return provider;
  }

  function settle(requestId: string, job: InFlight, message: WorkerResponse): void {
    if (job.settled) return;
    job.settled = true;
    job.coalescer?.discard();
    port.postMessage(message);
  }

  /** Events as the answer has them: into its accumulator and on to the page. */
  function take(job: InFlight, events: StreamEvent[]): void {
    for (const event of events) {
      job.acc.add(event);
      job.coalescer?.add(event);
    }
  }

  function cancelled(requestId: string, job: InFlight): WorkerResponse {
    // A stop keeps what was held back too (a few characters that might have been a tag).
    if (job.thinking) for (const event of job.thinking.flush()) job.acc.add(event);
    return completeMessage(requestId, { ...job.acc.finish(), finishReason: 'cancelled' }, true);
  }

  async function runSend(request: SendRequest): Promise<void> {
    const { requestId } = request;
    const job: InFlight = {
      controller: new AbortController(),
      settled: false,
      timedOut: null,
      acc: new AnswerAccumulator(),
      coalescer: null,
    };
    inFlight.set(requestId, job);
    const coalescer = new ChunkCoalescer((chunk) => {
      if (!job.settled) port.postMessage({ type: 'chunk', requestId, ...chunk });
    }, scheduler);
    job.coalescer = coalescer;
    const { settings } = request;
    const watchdog = new StreamWatchdog(
      settings.firstTokenTimeoutMs ?? 0,
      settings.idleTimeoutMs ?? 0,
      (reason, limitMs) => {
        job.timedOut = { reason, limitMs };
        job.controller.abort();
      },
    );
    let streamed = false;
    // Reasoning a model writes inline (<think>…) becomes reasoning, unless the chat turned it off.
    const thinking = settings.inlineThinking === false ? null : new InlineThinking();
    job.thinking = thinking;
    try {
      const provider = await providerFor(request.server);
      const options = chatOptions(request, job.controller.signal);
      const messages = await withEncodedImages(request.messages);
      streamed = provider.supportsStreaming;
      const batches: AsyncIterable<StreamEventBatch> | Iterable<StreamEventBatch> = streamed
        ? provider.eventBatches(messages, options)
        : [[...resultAsEvents(await provider.complete(messages, options))]];
      // A batch is what one network read brought: one async step for all its events. Nothing
      // else runs while a batch is handled, so checking `settled` once per batch is enough.
      for await (const batch of batches) {
        if (job.settled) break;
        for (const event of batch) take(job, thinking ? thinking.add(event) : [event]);
        feedWatchdog(watchdog, batch);
      }
      if (thinking && !job.settled) take(job, thinking.flush());
      coalescer.flush();
      const complete = completeMessage(requestId, job.acc.finish(), streamed);
      settle(requestId, job, complete);
    } catch (error) {
      // A failure or timeout (a stop has settled already) still forwards the text buffered for
      // the next frame, so the chunks the UI got add up to the partial text the error carries.
      if (thinking) take(job, thinking.flush());
      if (!job.settled) coalescer.flush();
      if (job.timedOut) {
        const timeout = describeTimeout(request.server, job.timedOut.reason, job.timedOut.limitMs);
        settle(requestId, job, { type: 'error', requestId, error: withPartial(timeout, job.acc) });
      } else if (isAbortError(error, job.controller.signal)) {
        settle(requestId, job, cancelled(requestId, job));
      } else {
        settle(requestId, job, {
          type: 'error',
          requestId,
          error: withPartial(toProviderError(error), job.acc),
        });
      }
    } finally {
      watchdog.stop();
      inFlight.delete(requestId);
    }
  }

  /** A request that streams nothing (a model list, a search): cancellable, settled once. */
  function startRequest(requestId: string): InFlight {
    const job: InFlight = {
      controller: new AbortController(),
      settled: false,
      timedOut: null,
      acc: new AnswerAccumulator(),
      coalescer: null,
    };
    inFlight.set(requestId, job);
    return job;
  }

  async function runListModels(request: Extract<WorkerRequest, { type: 'list-models' }>): Promise<void> {
    const { requestId } = request;
    const job = startRequest(requestId);
    const { controller } = job;
    try {
      const provider = await providerFor(request.server);
      const models = await provider.listModels(controller.signal);
      settle(requestId, job, { type: 'models', requestId, models });
    } catch (error) {
      settle(requestId, job, { type: 'models-error', requestId, error: toProviderError(error).toData() });
    } finally {
      inFlight.delete(requestId);
    }
  }

  /** A model operation: its progress as it comes, then one final message (a stop is kind 'aborted'). */
  async function runModelOperation(request: Extract<WorkerRequest, { type: 'model-op' }>): Promise<void> {
    const { requestId } = request;
    const job = startRequest(requestId);
    try {
      const provider = await providerFor(request.server);
      const manager = provider.modelManager();
      if (!manager?.operations.includes(request.operation.op)) {
        throw new ProviderError(
          'bad-response',
          `${request.server.name} cannot ${request.operation.op.replace('-', ' ')} models from Brook.`,
          { provider: request.server.kind },
        );
      }
      const result = await manager.run(
        request.operation,
        (progress) => {
          if (!job.settled) port.postMessage({ type: 'model-progress', requestId, progress });
        },
        job.controller.signal,
      );
      settle(requestId, job, { type: 'model-op-done', requestId, result });
    } catch (error) {
      settle(requestId, job, { type: 'model-op-error', requestId, error: toProviderError(error).toData() });
    } finally {
      inFlight.delete(requestId);
    }
  }

  /** Finds servers on the documented ports, allowed through the guard only while it runs. */
  async function runDiscover(request: Extract<WorkerRequest, { type: 'discover' }>): Promise<void> {
    const { requestId } = request;
    const job = startRequest(requestId);
    const { controller } = job;
    const candidates = deps.discoveryCandidates ?? DISCOVERY_CANDIDATES;
    const releases = candidates.map((candidate) => deps.allowServer?.(`http://127.0.0.1:${candidate.port}`));
    try {
      const servers = await discoverServers(
        {
          // Called as a function, not as a method of this object (fetch needs its global `this`).
          fetch: (input, init) => fetch(input, init),
          probe: deps.probe ?? noCorsProbe,
          pageOrigin: request.pageOrigin,
          candidates,
        },
        controller.signal,
      );
      settle(requestId, job, { type: 'discovered', requestId, servers });
    } catch {
      settle(requestId, job, { type: 'discovered', requestId, servers: [] });
    } finally {
      for (const release of releases) release?.();
      inFlight.delete(requestId);
    }
  }

  port.addEventListener('message', (event) => {
    const request = event.data;
    switch (request.type) {
      case 'discover':
        void runDiscover(request);
        break;
      case 'send':
        void runSend(request);
        break;
      case 'list-models':
        void runListModels(request);
        break;
      case 'model-op':
        void runModelOperation(request);
        break;
      case 'cancel': {
        const job = inFlight.get(request.requestId);
        if (!job) break;
        // Stop is instant for the user: the final message goes out now with what arrived,
        // and anything the provider still produces for this request is dropped.
        if (job.coalescer) settle(request.requestId, job, cancelled(request.requestId, job));
        job.controller.abort();
        break;
      }
    }
  });
  port.start?.();
}

/**
 * Tells the watchdog a batch arrived: a token re-arms the idle limit, prompt progress alone
 * the first-token limit. Once per batch: its events arrived together, so re-arming the timer
 * for each would only cost time (the result is the same as feeding them one by one).
 */
function feedWatchdog(watchdog: StreamWatchdog, batch: StreamEventBatch): void {
  let progress = false;
  for (const event of batch) {
    if (event.type === 'prompt-progress') progress = true;
    else if (event.type !== 'finish') return watchdog.token();
  }
  if (progress) watchdog.progress();
}

/** The final message of an answer, from what the accumulator collected. */
function completeMessage(requestId: string, result: ChatResult, streamed: boolean): WorkerResponse {
  const complete: WorkerResponse = {
    type: 'complete',
    requestId,
    text: result.text,
    reasoning: result.reasoning,
    toolCalls: result.toolCalls,
    finishReason: result.finishReason,
    stats: result.stats,
    streamed,
  };
  if (result.rawFinishReason !== undefined) complete.rawFinishReason = result.rawFinishReason;
  if (result.model !== undefined) complete.model = result.model;
  return complete;
}

function chatOptions(request: SendRequest, signal: AbortSignal): ChatOptions {
  const { settings } = request;
  const options: ChatOptions = { signal };
  if (request.model) options.model = request.model;
  if (settings.systemPrompt) options.systemPrompt = settings.systemPrompt;
  if (settings.temperature !== undefined) options.temperature = settings.temperature;
  if (settings.maxTokens !== undefined) options.maxTokens = settings.maxTokens;
  if (settings.topP !== undefined) options.topP = settings.topP;
  if (settings.seed !== undefined) options.seed = settings.seed;
  if (settings.stop?.length) options.stop = settings.stop;
  if (settings.think !== undefined) options.think = settings.think;
  if (settings.contextLength !== undefined) options.contextLength = settings.contextLength;
  if (settings.keepAlive !== undefined) options.keepAlive = settings.keepAlive;
  if (settings.responseFormat !== undefined) options.responseFormat = settings.responseFormat;
  if (settings.tools?.length) options.tools = settings.tools;
  if (settings.continueFinal) options.continueFinal = true;
  return options;
}

function toProviderError(error: unknown): ProviderError {
  if (isProviderError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('bad-response', `Unexpected failure: ${message}`, { cause: error });
}

/** The worker saw every token it forwarded, so its copy of the partial answer is authoritative. */
function withPartial(error: ProviderError, acc: AnswerAccumulator): ProviderErrorData {
  const data = error.toData();
  if (acc.text.length >= data.partialText.length) data.partialText = acc.text;
  if (acc.reasoning.length >= data.partialReasoning.length) data.partialReasoning = acc.reasoning;
  return data;
}

/** What a provider needs of a server: where it is, its key, and how its messages name it. */
function providerConfig(server: ServerTarget): ProviderConfig {
  return {
    baseUrl: server.baseUrl,
    name: server.name,
    ...(server.apiKey ? { apiKey: server.apiKey } : {}),
    ...(server.preset ? { preset: server.preset } : {}),
  };
}
