import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/lib/providers/http/ndjson-lines';
import { readSseEvents, SseEventAssembler, type SseEvent } from '../../src/lib/providers/http/sse-lines';

/** An LM Studio-style stream plus the SSE corners: comments, multi-line data, named events, CRLF. */
const FIXTURE = [
  ': keep-alive comment',
  'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi 🌍"},"finish_reason":null}]}',
  '',
  'data:{"choices":[{"index":0,"delta":{"reasoning_content":" 你好"},"finish_reason":null}]}',
  '',
  'event: error\r',
  'data: {"error":\r',
  'data:  {"message":"two lines"}}\r',
  '\r',
  'id: 7',
  'retry: 1000',
  'data: [DONE]',
  '',
  '',
].join('\n');
const BYTES = new TextEncoder().encode(FIXTURE);
const EXPECTED: SseEvent[] = [
  {
    event: 'message',
    data: '{"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi 🌍"},"finish_reason":null}]}',
  },
  {
    event: 'message',
    data: '{"choices":[{"index":0,"delta":{"reasoning_content":" 你好"},"finish_reason":null}]}',
  },
  { event: 'error', data: '{"error":\n {"message":"two lines"}}' },
  { event: 'message', data: '[DONE]', id: '7' },
];

function parse(chunks: Uint8Array[]): SseEvent[] {
  const splitter = new LineSplitter();
  const assembler = new SseEventAssembler();
  const events: SseEvent[] = [];
  const feed = (lines: string[]) => {
    for (const line of lines) {
      const event = assembler.line(line);
      if (event) events.push(event);
    }
  };
  for (const chunk of chunks) feed(splitter.push(chunk));
  feed(splitter.flush());
  const last = assembler.end();
  if (last) events.push(last);
  return events;
}

function streamOf(chunks: Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
    cancel: () => onCancel?.(),
  });
}

describe('SSE parsing', () => {
  it('gives the same events for every split point of the body into two chunks', () => {
    for (let cut = 0; cut <= BYTES.length; cut += 1) {
      expect(parse([BYTES.subarray(0, cut), BYTES.subarray(cut)]), `cut at byte ${cut}`).toEqual(EXPECTED);
    }
  });

  it('gives the same events for every pair of split points (three chunks)', () => {
    // 400+ bytes: every (i, j) pair is ~90k parses, each cheap; covers cuts inside CRLF and characters.
    for (let i = 0; i <= BYTES.length; i += 3) {
      for (let j = i; j <= BYTES.length; j += 1) {
        const chunks = [BYTES.subarray(0, i), BYTES.subarray(i, j), BYTES.subarray(j)];
        const events = parse(chunks);
        if (JSON.stringify(events) !== JSON.stringify(EXPECTED)) {
          expect(events, `cuts at ${i} and ${j}`).toEqual(EXPECTED);
        }
      }
    }
  });

  it('byte by byte', () => {
    expect(parse([...BYTES].map((byte) => Uint8Array.of(byte)))).toEqual(EXPECTED);
  });

  it('keeps a last event that had no closing blank line, and ignores a blank line with no data', () => {
    const assembler = new SseEventAssembler();
    expect(assembler.line('')).toBeUndefined();
    expect(assembler.line('data: [DONE]')).toBeUndefined();
    expect(assembler.end()).toEqual({ event: 'message', data: '[DONE]' });
    expect(assembler.end()).toBeUndefined();
  });

  it('dispatches "data:" with an empty value as an empty event, and ignores unknown fields', () => {
    const assembler = new SseEventAssembler();
    expect(assembler.line('foo: bar')).toBeUndefined();
    expect(assembler.line('data')).toBeUndefined();
    expect(assembler.line('')).toEqual({ event: 'message', data: '' });
  });
});

describe('readSseEvents', () => {
  it('reads a body as events', async () => {
    const events: SseEvent[] = [];
    for await (const batch of readSseEvents(streamOf([BYTES.subarray(0, 50), BYTES.subarray(50)])))
      events.push(...batch);
    expect(events).toEqual(EXPECTED);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const chunks = [...BYTES].map((byte) => Uint8Array.of(byte));
    for await (const batch of readSseEvents(streamOf(chunks, () => (cancelled = true)))) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    expect(cancelled).toBe(true);
  });
});
