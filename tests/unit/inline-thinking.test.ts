/**
 * Inline thinking tags: `<think>…</think>` (and `<thinking>`, `<reasoning>`, `<thought>`) at the
 * start of an answer become reasoning, whatever the chunking — every split of the same text
 * (fast-check) gives the same reasoning and answer, and nothing is held back at the end.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InlineThinking } from '../../src/lib/workers/inline-thinking';
import type { StreamEvent } from '../../src/lib/vocabulary/chat';

function run(pieces: string[], end: 'finish' | 'flush' = 'finish') {
  const splitter = new InlineThinking();
  const events: StreamEvent[] = [];
  for (const text of pieces) events.push(...splitter.add({ type: 'text', text }));
  if (end === 'finish') events.push(...splitter.add({ type: 'finish', reason: 'stop', stats: {} }));
  else events.push(...splitter.flush());
  const of = (type: 'text' | 'reasoning') => events.map((e) => (e.type === type ? e.text : '')).join('');
  return { text: of('text'), reasoning: of('reasoning'), last: events.at(-1)?.type };
}

/** Cuts `text` at the given offsets. */
function split(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of [...at, text.length]) {
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  return pieces;
}

describe('inline thinking tags', () => {
  it('take the reasoning out of the answer, for each tag, in any case', () => {
    for (const tag of ['think', 'thinking', 'reasoning', 'thought', 'THINK']) {
      expect(run([`<${tag}>\nThe user wants 2+2.\n</${tag}>\n\nIt is 4.`])).toEqual({
        text: 'It is 4.',
        reasoning: 'The user wants 2+2.\n',
        last: 'finish',
      });
    }
  });

  it('a tag split across reads is told apart once it can be, even one character at a time', () => {
    const text = '  <think>Carry the one.</think>The sum is 12.';
    expect(run([...text])).toEqual({ text: 'The sum is 12.', reasoning: 'Carry the one.', last: 'finish' });
    expect(run(['<thi', 'nk>a</th', 'ink>b'])).toMatchObject({ reasoning: 'a', text: 'b' });
  });

  it('leaves text alone: no tag at the start, a tag later on, a near miss, a lone "<"', () => {
    expect(run(['Use ', '<think> tags like this.'])).toMatchObject({
      text: 'Use <think> tags like this.',
      reasoning: '',
    });
    expect(run(['<thinker>', ' is a word'])).toMatchObject({ text: '<thinker> is a word', reasoning: '' });
    expect(run(['<', 'b>bold</b>'])).toMatchObject({ text: '<b>bold</b>', reasoning: '' });
    expect(run(['<'])).toMatchObject({ text: '<', reasoning: '' });
  });

  it('an unclosed tag keeps all of it as reasoning, and a stop or failure loses nothing held', () => {
    expect(run(['<think>still going</th'], 'flush')).toEqual({
      text: '',
      reasoning: 'still going</th',
      last: 'reasoning',
    });
    expect(run(['  <thi'], 'flush')).toMatchObject({ text: '  <thi', reasoning: '' });
  });

  it('passes other events through in order', () => {
    const splitter = new InlineThinking();
    const call = { type: 'tool-call' as const, call: { name: 'x', arguments: {} } };
    expect(splitter.add({ type: 'reasoning', text: 'from the server' })).toEqual([
      { type: 'reasoning', text: 'from the server' },
    ]);
    expect(splitter.add(call)).toEqual([call]);
  });

  it('gives the same reasoning and answer for every chunking of the same text', () => {
    const part = fc.string({
      unit: fc.constantFrom('a', ' ', '\n', '<', '>', '/', 't', 'h', 'i', 'n', 'k', 'é', '😀'),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('', ' \n', '<think>', '<thinking>', '<reasoning>'),
        part,
        fc.constantFrom('', '</think>', '</thinking>', '</reasoning>'),
        part,
        fc.array(fc.nat(), { maxLength: 12 }),
        (open, inner, close, rest, cuts) => {
          const text = open + inner + close + rest;
          expect(run(split(text, cuts))).toEqual(run([text]));
        },
      ),
      { numRuns: 500, seed: 20261203 },
    );
  });
});
