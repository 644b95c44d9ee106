/**
 * The transport paths measured against each emulator: a raw reader (fetch + ReadableStream +
 * line split + JSON.parse, or a bare WebSocket + JSON.parse: the practical limit), Brook's
 * provider (`eventBatches()`, as the chat worker reads it), and the official client used
 * directly. Runs in a Chromium module worker (transport-worker.ts) and in Node (the transport
 * bench spec) alike.
 */
import { LMStudioClient } from '@lmstudio/sdk';
import { Ollama } from 'ollama/browser';
import OpenAI from 'openai';
import { LMStudioNativeProvider } from '../../src/lib/providers/lmstudio-native/provider';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import type { LLMProvider } from '../../src/lib/providers/base';
import { Counter } from './chunk-counter';
import type { TransportOutcome, TransportPath, TransportRun } from './messages';
import { QUESTION, rawNdjson, rawSse, rawWs, type SocketFactory } from './raw-readers';

export type { SocketFactory } from './raw-readers';

/** Reads the provider as the chat worker does: `eventBatches()`, one step per network read. */
async function providerEvents(provider: LLMProvider, run: TransportRun, counter: Counter): Promise<void> {
  const options = { signal: counter.signal, model: run.model };
  for await (const batch of provider.eventBatches(QUESTION, options)) {
    for (const event of batch) {
      if (event.type === 'text' && !counter.add(event.text)) return;
    }
  }
}

async function ollamaClient(run: TransportRun, counter: Counter): Promise<void> {
  const stream = await new Ollama({ host: run.baseUrl }).chat({
    model: run.model,
    messages: QUESTION,
    stream: true,
  });
  for await (const part of stream) {
    if (part.message.content !== '' && !counter.add(part.message.content)) return stream.abort();
  }
}

async function openaiClient(run: TransportRun, counter: Counter): Promise<void> {
  const client = new OpenAI({ baseURL: run.baseUrl, apiKey: 'lm-studio', dangerouslyAllowBrowser: true });
  const stream = await client.chat.completions.create(
    { model: run.model, messages: QUESTION, stream: true },
    { signal: counter.signal },
  );
  for await (const chunk of stream) {
    const text = chunk.choices[0]?.delta?.content ?? '';
    if (text !== '' && !counter.add(text)) return;
  }
}

/** One SDK client per server, kept warm across runs as Brook's provider keeps its own. */
const sdkClients = new Map<string, LMStudioClient>();

async function sdkClient(run: TransportRun, counter: Counter): Promise<void> {
  let client = sdkClients.get(run.baseUrl);
  if (client === undefined) {
    const quiet = { info: () => {}, debug: () => {}, warn: () => {}, error: console.error };
    client = new LMStudioClient({ baseUrl: run.baseUrl, logger: quiet, verboseErrorMessages: false });
    sdkClients.set(run.baseUrl, client);
  }
  const model = await client.llm.model();
  const prediction = model.respond([{ role: 'user', content: QUESTION[0]?.content ?? '' }], {
    signal: counter.signal,
  });
  for await (const fragment of prediction) {
    if (!counter.add(fragment.content)) return;
  }
}

const providers = new Map<string, LLMProvider>();
function provider(kind: 'ollama' | 'lmstudio-rest' | 'lmstudio-native', baseUrl: string): LLMProvider {
  const key = `${kind} ${baseUrl}`;
  let made = providers.get(key);
  if (made === undefined) {
    const config = { baseUrl };
    made =
      kind === 'ollama'
        ? new OllamaProvider(config)
        : kind === 'lmstudio-rest'
          ? new OpenAICompatibleProvider(config)
          : new LMStudioNativeProvider(config);
    providers.set(key, made);
  }
  return made;
}

/** Reads one emulator stream along `run.path`; errors are reported in the outcome, never thrown. */
export async function runTransportPath(run: TransportRun, Socket?: SocketFactory): Promise<TransportOutcome> {
  const counter = new Counter(run.capMs);
  const paths: Record<TransportPath, () => Promise<void>> = {
    'ollama:raw': () => rawNdjson(run, counter),
    'ollama:provider': () => providerEvents(provider('ollama', run.baseUrl), run, counter),
    'ollama:client': () => ollamaClient(run, counter),
    'lmstudio-rest:raw': () => rawSse(run, counter),
    'lmstudio-rest:provider': () => providerEvents(provider('lmstudio-rest', run.baseUrl), run, counter),
    'lmstudio-rest:client': () => openaiClient(run, counter),
    'lmstudio-native:raw': () =>
      Socket === undefined ? Promise.reject(new Error('no WebSocket here')) : rawWs(run, counter, Socket),
    'lmstudio-native:provider': () => providerEvents(provider('lmstudio-native', run.baseUrl), run, counter),
    'lmstudio-native:client': () => sdkClient(run, counter),
  };
  try {
    await paths[run.path]();
    return counter.outcome();
  } catch (error) {
    return counter.outcome(error);
  }
}
