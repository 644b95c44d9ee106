/**
 * Seeded, deterministic generators for the fuzz tests: random and adversarial byte streams in the
 * shape of Ollama's NDJSON and OpenAI-style SSE, cut into random network writes.
 */

import type { Random } from './seeded-random';

export { seeded, type Random } from './seeded-random';

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function intBelow(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Bytes that matter to line, SSE, UTF-8 and JSON parsers, plus some of anything. */
const INTERESTING = [
  0x0a, 0x0d, 0x7b, 0x7d, 0x22, 0x3a, 0x20, 0x00, 0x5c, 0xef, 0xbb, 0xbf, 0xf0, 0x9f, 0xc3, 0xff,
];

export function randomBytes(random: Random, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    bytes[i] = random() < 0.5 ? pick(random, INTERESTING) : intBelow(random, 256);
  }
  return bytes;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Cuts bytes into 1..maxSize pieces (a few empty writes too): how a network may deliver them. */
export function randomChunks(bytes: Uint8Array, random: Random, maxSize: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = random() < 0.05 ? 0 : 1 + intBelow(random, maxSize);
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  return chunks;
}

const encoder = new TextEncoder();

/** Text content that is hard on decoders and renderers. */
const NASTY_TEXT = [
  'plain',
  ' 🌍👩‍👩‍👧',
  ' 你好',
  '\u0000\u0007\u001b[31m',
  '</script><script>alert(1)</script>',
  '\ud800',
  '\\"quoted\\"',
  '\r\n',
  'x'.repeat(5000),
];

export type WireFormat = 'ndjson' | 'sse';

/** One valid frame carrying `content` in the given format. */
export function validFrame(format: WireFormat, content: string): string {
  if (format === 'ndjson') {
    return `${JSON.stringify({ model: 'm', message: { role: 'assistant', content }, done: false })}\n`;
  }
  return `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

export function finalFrame(format: WireFormat): string {
  if (format === 'ndjson') {
    return `${JSON.stringify({ model: 'm', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop' })}\n`;
  }
  return `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
}

/** Frames a server should never send, or might send from a newer version. */
function oddFrame(format: WireFormat, random: Random): string {
  const ndjson = [
    '{"model":"m","message":{"role":"assistant","content":5},"done":false}\n',
    '{"model":"m","message":[],"done":false}\n',
    '{"__proto__":{"polluted":true},"message":{"content":"p"},"done":false}\n',
    '{"constructor":{"prototype":{"polluted":true}},"done":false}\n',
    `${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    '{"error":"fuzzed failure"}\n',
    '{"model":"m","message":{"role":"assistant","content":"trunc',
    'null\n',
    '"a string"\n',
    '\n\n\r\n',
    '{"done":true,"done_reason":{"odd":1},"eval_count":"many"}\n',
  ];
  const sse = [
    'data: {"choices":{"0":"no"}}\n\n',
    'data: {"choices":[{"delta":{"content":5}}]}\n\n',
    'data: {"__proto__":{"polluted":true},"choices":[]}\n\n',
    `data: ${'['.repeat(5000)}${']'.repeat(5000)}\n\n`,
    'event: error\ndata: fuzzed failure\n\n',
    'data: {"error":{"message":"fuzzed failure"}}\n\n',
    'event: ping\ndata: not json\n\n',
    ': comment\n\n',
    'data: {"choices":[{"delta":{"content":"trunc',
    'data: null\n\n',
    'id: \u0000\nretry: x\nfield-without-colon\n\n',
    'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":"x","function":{"arguments":{}}}]}}]}\n\n',
  ];
  return pick(random, format === 'ndjson' ? ndjson : sse);
}

/**
 * An adversarial body: valid frames mixed with odd frames and random bytes, sometimes ending
 * properly. Returned as the bytes and their expected network cuts.
 */
export function adversarialBody(format: WireFormat, random: Random): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const pieces = 1 + intBelow(random, 12);
  for (let i = 0; i < pieces; i += 1) {
    const roll = random();
    if (roll < 0.45) parts.push(encoder.encode(validFrame(format, pick(random, NASTY_TEXT))));
    else if (roll < 0.75) parts.push(encoder.encode(oddFrame(format, random)));
    else parts.push(randomBytes(random, 1 + intBelow(random, 200)));
  }
  if (random() < 0.5) parts.push(encoder.encode(finalFrame(format)));
  return randomChunks(concatBytes(parts), random, 64);
}

/** Resolves with `promise`, or rejects when it has not settled within `ms` (a hang). */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
