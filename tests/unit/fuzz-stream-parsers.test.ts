/**
 * Fuzzing every stream parser path with seeded random and adversarial bytes (deterministic, bounded
 * in count and time): the line splitter and SSE assembler directly, then the Ollama and
 * OpenAI-compatible providers reading fuzzed bodies from the emulators. No crash (only typed
 * ProviderErrors), no hang (each run settles within a bound), nothing shown that is not kept.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProviderError } from '../../src/lib/providers/errors';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import { LineSplitter, MalformedLineError, parseNdjsonLine } from '../../src/lib/providers/http/ndjson-lines';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import { SseEventAssembler, type SseEvent } from '../../src/lib/providers/http/sse-lines';
import type { LLMProvider } from '../../src/lib/providers/base';
import type { StreamEvent } from '../../src/lib/vocabulary/chat';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';
import { startOllamaEmulator } from '../emulators/ollama-emulator';
import {
  adversarialBody,
  concatBytes,
  intBelow,
  randomBytes,
  randomChunks,
  seeded,
  within,
  type WireFormat,
} from './fuzz-support';

const DIRECT_RUNS = 400;
const PROVIDER_RUNS = 80;
/** A run that has not settled by then is a hang. */
const RUN_BOUND_MS = 5_000;

function lines(chunks: Uint8Array[]): string[] {
  const splitter = new LineSplitter();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()];
}

function sseEvents(chunks: Uint8Array[]): SseEvent[] {
  const assembler = new SseEventAssembler();
  const events: SseEvent[] = [];
  for (const line of lines(chunks)) {
    const event = assembler.line(line);
    if (event) events.push(event);
  }
  const last = assembler.end();
  if (last) events.push(last);
  return events;
}

describe('stream parsers, directly', () => {
  test(`the line splitter gives the same lines however ${DIRECT_RUNS} random bodies are cut`, () => {
    const random = seeded(0x5eed);
    for (let run = 0; run < DIRECT_RUNS; run += 1) {
      const bytes = randomBytes(random, 1 + intBelow(random, 600));
      const whole = lines([bytes]);
      expect(lines(randomChunks(bytes, random, 1 + intBelow(random, 40)))).toEqual(whole);
      // The lines are exactly the decoded text cut at LF, CRLF and lone CR.
      const expected = new TextDecoder()
        .decode(bytes)
        .replace(/\r\n|\r/g, '\n')
        .split('\n');
      if (expected.at(-1) === '') expected.pop();
      expect(whole).toEqual(expected);
      for (const line of whole) {
        try {
          parseNdjsonLine(line);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedLineError);
        }
      }
    }
  });

  test(`the SSE assembler gives the same events however ${DIRECT_RUNS} adversarial bodies are cut`, () => {
    const random = seeded(0x55e);
    for (let run = 0; run < DIRECT_RUNS; run += 1) {
      const bytes = concatBytes(adversarialBody('sse', random));
      const whole = sseEvents([bytes]);
      expect(sseEvents(randomChunks(bytes, random, 1 + intBelow(random, 40)))).toEqual(whole);
      for (const event of whole) {
        expect(typeof event.event).toBe('string');
        expect(typeof event.data).toBe('string');
      }
    }
  });
});

interface Subject {
  format: WireFormat;
  start(): Promise<HttpEmulatorHandle>;
  provider(url: string): LLMProvider;
  model: string;
}

const SUBJECTS: Subject[] = [
  {
    format: 'ndjson',
    start: () => startOllamaEmulator(),
    provider: (url) => new OllamaProvider({ baseUrl: url }),
    model: 'llama3.2:latest',
  },
  {
    format: 'sse',
    start: () => startLMStudioRestEmulator(),
    provider: (url) => new OpenAICompatibleProvider({ baseUrl: url }),
    model: 'qwen2.5-7b-instruct',
  },
];

describe.each(SUBJECTS)('$format through the provider and an emulator writing fuzzed bytes', (subject) => {
  let emulator: HttpEmulatorHandle;
  beforeAll(async () => {
    emulator = await subject.start();
  });
  afterAll(async () => {
    await emulator.close();
  });

  test(`${PROVIDER_RUNS} adversarial bodies: each ends as an answer or a typed error, never hangs`, async () => {
    const random = seeded(subject.format === 'ndjson' ? 101 : 202);
    const provider = subject.provider(emulator.url);
    const outcomes = new Map<string, number>();
    for (let run = 0; run < PROVIDER_RUNS; run += 1) {
      emulator.script({ rawBody: { chunks: adversarialBody(subject.format, random) } });
      const controller = new AbortController();
      const events: StreamEvent[] = [];
      const consume = async (): Promise<ProviderError | undefined> => {
        try {
          for await (const event of provider.events([{ role: 'user', content: 'fuzz' }], {
            model: subject.model,
            signal: controller.signal,
          })) {
            events.push(event);
          }
          return undefined;
        } catch (error) {
          if (!(error instanceof ProviderError))
            throw new Error(`run ${run}: untyped failure ${String(error)}`);
          return error;
        }
      };
      const failure = await within(consume(), RUN_BOUND_MS, `run ${run}`).finally(() => controller.abort());
      const text = events.map((event) => (event.type === 'text' ? event.text : '')).join('');
      if (failure === undefined) {
        expect(events.at(-1)?.type, `run ${run} ended without a finish`).toBe('finish');
      } else {
        expect(['stream-broken', 'bad-response']).toContain(failure.kind);
        // Nothing the consumer was given is missing from the error.
        expect(failure.partialText).toBe(text);
      }
      const key = failure?.kind ?? 'complete';
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // The generator reaches both ends: some bodies are answers, some are broken.
    expect(outcomes.get('complete') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('stream-broken') ?? 0).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    await emulator.waitForRequestConnectionsClosed();
  }, 120_000);
});
