import { describe, expect, it } from 'vitest';
import { parseConversationImport } from '../../src/lib/persistence/import-conversation';
import type { AnswerTimeline } from '../../src/lib/vocabulary/records';

const TIMELINE: AnswerTimeline = {
  phases: [
    { kind: 'waiting', startMs: 0, endMs: 40 },
    { kind: 'answering', startMs: 40, endMs: 900 },
  ],
  rate: { startMs: 40, bucketMs: 250, tokens: [3, 4.5, 2, 1] },
  stalls: [],
  firstTokenMs: 40,
  endMs: 900,
};

function withTimeline(timeline: unknown): string {
  return JSON.stringify({
    format: 'brook.conversation',
    version: 3,
    conversation: { title: 'Timed', server: 'ollama', settings: { systemPrompt: '' } },
    messages: [
      { id: 'q', parentId: null, role: 'user', content: 'Hi' },
      { id: 'a', parentId: 'q', role: 'assistant', content: 'Hello', timeline },
    ],
  });
}

describe('an imported answer’s timeline', () => {
  it('comes in as it was exported', () => {
    const result = parseConversationImport(withTimeline(TIMELINE), 1000);
    if (!result.ok) throw new Error(result.error);
    expect(result.messages.find((m) => m.role === 'assistant')?.timeline).toEqual(TIMELINE);
  });

  it('is refused, naming the field, when it is wrong or would draw without bound', () => {
    const error = (timeline: unknown) => {
      const result = parseConversationImport(withTimeline(timeline));
      if (result.ok) throw new Error('expected the file to be refused');
      return result.error;
    };
    expect(error({ ...TIMELINE, phases: [{ kind: 'dancing', startMs: 0, endMs: 1 }] })).toMatch(
      /timeline\.phases\[0\]\.kind/,
    );
    expect(error({ ...TIMELINE, stalls: [{ startMs: 10, endMs: 5 }] })).toMatch(
      /stalls\[0\] ends before it starts/,
    );
    expect(error({ ...TIMELINE, rate: { ...TIMELINE.rate, tokens: new Array(5000).fill(1) } })).toMatch(
      /rate\.tokens has more than 1000 entries/,
    );
    expect(error({ ...TIMELINE, rate: { ...TIMELINE.rate, bucketMs: 0 } })).toMatch(
      /bucketMs must be more than 0/,
    );
    expect(error({ ...TIMELINE, endMs: -1 })).toMatch(/timeline\.endMs must be a number/);
  });
});
