import { describe, expect, it } from 'vitest';
import { answerStats, formatStats } from '../../src/lib/stores/answer-stats';
import { titleFrom } from '../../src/lib/stores/conversation-factory';

describe('answer stats and titles', () => {
  it('measures waiting time on the client and prefers the server rate', () => {
    const stats = answerStats(
      { completionTokens: 100, tokensPerSecond: 55 },
      { startedAt: 0, firstTokenAt: 300, endedAt: 2300 },
    );
    expect(stats).toEqual({
      totalMs: 2300,
      timeToFirstTokenMs: 300,
      completionTokens: 100,
      tokensPerSecond: 55,
    });
    const measured = answerStats(
      { completionTokens: 100 },
      { startedAt: 0, firstTokenAt: 300, endedAt: 2300 },
    );
    expect(measured.tokensPerSecond).toBe(50);
    const burst = answerStats({ completionTokens: 100 }, { startedAt: 0, firstTokenAt: 1000, endedAt: 1001 });
    expect(burst.tokensPerSecond).toBeCloseTo(99.9);
    expect(formatStats(stats)).toBe('first token 0.30 s · 55.0 tok/s · 100 tokens · 2.30 s total');
    expect(formatStats({ completionTokens: 1 })).toBe('1 token');
    expect(formatStats({ completionTokens: 0 })).toBe('0 tokens');
  });

  it('titles a chat from the first line of its first message', () => {
    expect(titleFrom('  Hello there\nsecond line')).toBe('Hello there');
    expect(titleFrom('word '.repeat(30))).toMatch(/^word( word)+…$/);
    expect(titleFrom('   ')).toBe('New chat');
  });
});
