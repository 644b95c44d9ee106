import { describe, expect, it } from 'vitest';
import {
  LineSplitter,
  MalformedLineError,
  parseNdjsonLine,
  readLines,
} from '../../src/lib/providers/http/ndjson-lines';

/** A recorded-style Ollama stream with multi-byte characters, a blank line and a CRLF line. */
const FIXTURE = [
  '{"model":"llama3.2","message":{"role":"assistant","content":"Hi 🌍"},"done":false}',
  '{"model":"llama3.2","message":{"role":"assistant","content":" 你好世界"},"done":false}',
  '',
  '{"model":"llama3.2","message":{"role":"assistant","content":" café 👩‍👩‍👧"},"done":false}\r',
  '{"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}',
].join('\n');
const BYTES = new TextEncoder().encode(FIXTURE);
const EXPECTED_LINES = FIXTURE.split('\n').map((line) => line.replace(/\r$/, ''));

function split(chunks: Uint8Array[]): string[] {
  const splitter = new LineSplitter();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()];
}

/** A small seeded generator, so "random" chunkings are the same every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function randomChunks(bytes: Uint8Array, random: () => number, maxSize: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length;) {
    const size = 1 + Math.floor(random() * maxSize);
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return chunks;
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

describe('LineSplitter', () => {
  it('gives the same lines for every split point of the body into two chunks', () => {
    for (let cut = 0; cut <= BYTES.length; cut += 1) {
      expect(split([BYTES.subarray(0, cut), BYTES.subarray(cut)]), `cut at byte ${cut}`).toEqual(
        EXPECTED_LINES,
      );
    }
  });

  it('gives the same lines byte by byte and for 200 seeded random chunkings', () => {
    expect(split([...BYTES].map((byte) => Uint8Array.of(byte)))).toEqual(EXPECTED_LINES);
    const random = seeded(42);
    for (let run = 0; run < 200; run += 1) {
      expect(split(randomChunks(BYTES, random, 1 + (run % 40)))).toEqual(EXPECTED_LINES);
    }
  });

  it('ends lines at LF, CRLF and a lone CR, also when CR and LF arrive in different chunks', () => {
    const bytes = new TextEncoder().encode('a\r\nb\rc\n\r\nd');
    const expected = ['a', 'b', 'c', '', 'd'];
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      expect(split([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it('keeps an unfinished line until the next chunk, and gives it at the end', () => {
    const splitter = new LineSplitter();
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(splitter.push(encode('{"a":'))).toEqual([]);
    expect(splitter.push(encode('1}\n{"b"'))).toEqual(['{"a":1}']);
    expect(splitter.flush()).toEqual(['{"b"']);
    expect(splitter.flush()).toEqual([]);
  });

  it('stays linear for one long line arriving in many small chunks', () => {
    const long = new TextEncoder().encode(`${'x'.repeat(2_000_000)}\n`);
    const chunks = randomChunks(long, seeded(7), 64);
    expect(split(chunks)).toEqual(['x'.repeat(2_000_000)]);
  });
});

describe('readLines', () => {
  it('reads a body as lines, one array per read', async () => {
    const batches: string[][] = [];
    for await (const lines of readLines(streamOf(randomChunks(BYTES, seeded(3), 30)))) batches.push(lines);
    expect(batches.flat()).toEqual(EXPECTED_LINES);
    expect(batches.every((lines) => lines.length > 0)).toBe(true);
  });

  it('cancels the body (closing the connection) when the consumer stops early', async () => {
    let cancelled = false;
    const body = streamOf(randomChunks(BYTES, seeded(5), 10), () => {
      cancelled = true;
    });
    for await (const lines of readLines(body)) {
      expect(lines.length).toBeGreaterThan(0);
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('parseNdjsonLine', () => {
  it('parses JSON, skips blank lines and reports a malformed line with its text', () => {
    expect(parseNdjsonLine('{"done":true}')).toEqual({ done: true });
    expect(parseNdjsonLine('  ')).toBeUndefined();
    expect(() => parseNdjsonLine('{"model":"x","created_at":')).toThrow(MalformedLineError);
    expect(() => parseNdjsonLine('{"model":')).toThrow('the server sent a line that is not JSON: {"model":');
  });
});
