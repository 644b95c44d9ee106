import { afterEach, describe, expect, it, vi } from 'vitest';
import { LLMProvider } from '../../src/lib/providers/base';
import { batchOfRead } from '../../src/lib/providers/event-batches';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import { EventQueue } from '../../src/lib/providers/lmstudio-native/event-queue';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ModelInfo,
  StreamEvent,
  StreamEventBatch,
} from '../../src/lib/vocabulary/chat';
import { collect, providerFailure } from '../emulators/http-test-helpers';
import {
  OLLAMA_DONE_LINE,
  SSE_END,
  ollamaTextLine,
  sseTextEvent,
  stubFetch,
  type ScriptedReply,
} from './scripted-fetch';

/**
 * `eventBatches()`: the events of one network read come out as one batch, in order; a failure
 * part-way through a read still hands on what that read brought before it; the end of the
 * answer closes the connection at once. Fetch is scripted so that each read is known exactly.
 */

const HELLO: ChatMessage[] = [{ role: 'user', content: 'hi' }];
const options = (): ChatOptions => ({ model: 'm', signal: new AbortController().signal });
const text = (value: string): StreamEvent => ({ type: 'text', text: value });

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Reads batches until the stream ends or fails; the batches got before a failure are kept. */
async function readBatches(
  batches: AsyncIterable<StreamEventBatch>,
): Promise<{ batches: StreamEventBatch[]; error?: unknown }> {
  const got: StreamEventBatch[] = [];
  try {
    for await (const batch of batches) got.push(batch);
    return { batches: got };
  } catch (error) {
    return { batches: got, error };
  }
}

interface HttpCase {
  name: string;
  contentType: string;
  make: () => LLMProvider;
  line: (text: string) => string;
  /** The end of an answer, as the server writes it. */
  end: string;
  /** A line the parser cannot read. */
  malformed: string;
}

const httpCases: HttpCase[] = [
  {
    name: 'Ollama',
    contentType: 'application/x-ndjson',
    make: () => new OllamaProvider({ baseUrl: 'http://127.0.0.1:11434' }),
    line: ollamaTextLine,
    end: OLLAMA_DONE_LINE,
    malformed: '{"model":"m","message":\n',
  },
  {
    name: 'LM Studio REST',
    contentType: 'text/event-stream',
    make: () => new OpenAICompatibleProvider({ baseUrl: 'http://127.0.0.1:1234/v1' }),
    line: sseTextEvent,
    end: SSE_END,
    malformed: 'data: {"choices":[\n\n',
  },
];

describe.each(httpCases)('$name eventBatches', ({ contentType, make, line, end, malformed }) => {
  const script = (reply: Omit<ScriptedReply, 'contentType'>) => stubFetch({ contentType, ...reply });

  it('gives one batch per network read, its events in order', async () => {
    script({ reads: [line('a') + line('b') + line('c'), line('d') + line('e'), end] });
    const { batches, error } = await readBatches(make().eventBatches(HELLO, options()));
    expect(error).toBeUndefined();
    expect(batches.slice(0, 2)).toEqual([
      [text('a'), text('b'), text('c')],
      [text('d'), text('e')],
    ]);
    expect(batches).toHaveLength(3);
    expect(batches[2]?.map((event) => event.type)).toEqual(['finish']);
  });

  it('never gives an empty batch (a read that completes no line gives none)', async () => {
    const whole = line('split');
    script({ reads: [whole.slice(0, 5), whole.slice(5), end] });
    const { batches } = await readBatches(make().eventBatches(HELLO, options()));
    expect(batches.every((batch) => batch.length > 0)).toBe(true);
    expect(batches[0]).toEqual([text('split')]);
  });

  it('a malformed line after good lines in one read: the good lines come first, then stream-broken keeping their text', async () => {
    script({ reads: [line('kept ') + line('too') + malformed + line('never')] });
    const { batches, error } = await readBatches(make().eventBatches(HELLO, options()));
    expect(batches).toEqual([[text('kept '), text('too')]]);
    expect(error).toMatchObject({ kind: 'stream-broken', partialText: 'kept too' });
  });

  it('the end of the answer closes the connection at once, though the server keeps it open', async () => {
    const fetch = script({ reads: [line('a') + end + line('after the end')], keepOpen: true });
    const { batches, error } = await readBatches(make().eventBatches(HELLO, options()));
    expect(error).toBeUndefined();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((event) => event.type)).toEqual(['text', 'finish']);
    expect(fetch.cancelled).toBe(true);
    expect(fetch.readsTaken).toBe(1);
  });

  it('events() is the same stream, flattened', async () => {
    const reads = [line('a') + line('b'), line('c'), end];
    script({ reads });
    const batched = (await readBatches(make().eventBatches(HELLO, options()))).batches.flat();
    script({ reads });
    const events = await collect(make().events(HELLO, options()));
    expect(events).toEqual(batched);
    expect(events.slice(0, 3)).toEqual([text('a'), text('b'), text('c')]);
  });

  it('a failure in events() carries the text of the failing read as partialText', async () => {
    script({ reads: [line('one '), line('two') + malformed] });
    const error = await providerFailure(() => collect(make().events(HELLO, options())));
    expect(error.kind).toBe('stream-broken');
    expect(error.partialText).toBe('one two');
  });
});

/** A provider that only implements `events()` (or only `complete()`), as a third party might. */
class EventsOnlyProvider extends LLMProvider {
  readonly kind = 'ollama' as const;
  override readonly supportsStreaming: boolean;
  constructor(streaming: boolean) {
    super();
    this.supportsStreaming = streaming;
  }
  async complete(): Promise<ChatResult> {
    return { text: 'whole', reasoning: 'why', toolCalls: [], finishReason: 'stop', stats: {} };
  }
  override async *events(): AsyncGenerator<StreamEvent> {
    yield text('x');
    yield text('y');
    yield { type: 'finish', reason: 'stop', stats: {} };
  }
  async listModels(): Promise<ModelInfo[]> {
    return [];
  }
}

describe('the default eventBatches()', () => {
  it('wraps a streaming events() one event per batch', async () => {
    const { batches } = await readBatches(new EventsOnlyProvider(true).eventBatches(HELLO, options()));
    expect(batches).toEqual([[text('x')], [text('y')], [{ type: 'finish', reason: 'stop', stats: {} }]]);
  });

  it('gives the complete() answer as one batch when the provider cannot stream', async () => {
    const { batches } = await readBatches(new EventsOnlyProvider(false).eventBatches(HELLO, options()));
    expect(batches).toEqual([
      [
        { type: 'reasoning', text: 'why' },
        { type: 'text', text: 'whole' },
        { type: 'finish', reason: 'stop', stats: {} },
      ],
    ]);
  });
});

describe('batchOfRead', () => {
  const double = (item: number, batch: StreamEvent[]): boolean => {
    if (item < 0) throw new Error(`bad item ${item}`);
    batch.push(text(String(item)), text(String(item)));
    return item === 0;
  };

  it('maps a read into one batch and says whether the stream ended', () => {
    const reads = batchOfRead([1, 2], double);
    expect(reads.next()).toEqual({ done: false, value: [text('1'), text('1'), text('2'), text('2')] });
    expect(reads.next()).toEqual({ done: true, value: false });
  });

  it('stops at the item that ends the stream', () => {
    const reads = batchOfRead([1, 0, 3], double);
    expect(reads.next().value).toEqual([text('1'), text('1'), text('0'), text('0')]);
    expect(reads.next()).toEqual({ done: true, value: true });
  });

  it('yields nothing for a read that maps to no events', () => {
    const reads = batchOfRead([5], () => false);
    expect(reads.next()).toEqual({ done: true, value: false });
  });

  it('hands on the events mapped before a failure, then throws it', () => {
    const reads = batchOfRead([1, -1, 2], double);
    expect(reads.next().value).toEqual([text('1'), text('1')]);
    expect(() => reads.next()).toThrow('bad item -1');
  });
});

describe('LM Studio native event queue', () => {
  const signal = () => new AbortController().signal;

  it('hands everything queued since the last step over as one batch', async () => {
    const queue = new EventQueue<number>();
    const drain = queue.drain(signal());
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(await drain.next()).toEqual({ done: false, value: [1, 2, 3] });
    const pending = drain.next();
    queue.push(4);
    queue.end();
    expect(await pending).toEqual({ done: false, value: [4] });
    expect(await drain.next()).toEqual({ done: true, value: undefined });
  });

  it('hands over the items queued before a failure, then throws it', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    queue.push(2);
    queue.fail(new Error('socket closed'));
    const drain = queue.drain(signal());
    expect(await drain.next()).toEqual({ done: false, value: [1, 2] });
    await expect(drain.next()).rejects.toThrow('socket closed');
  });

  it('stops with the abort reason while waiting, without waiting for the producer', async () => {
    const queue = new EventQueue<number>();
    const controller = new AbortController();
    const pending = queue.drain(controller.signal).next();
    controller.abort(new Error('stopped'));
    await expect(pending).rejects.toThrow('stopped');
  });
});
