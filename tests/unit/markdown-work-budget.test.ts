import { describe, expect, it } from 'vitest';
import { perFrameBudget } from '../../src/lib/markdown/work-budget';
import { firstEagerIndex } from '../../src/lib/components/eager-messages';

describe('perFrameBudget', () => {
  it('allows `ms` of work in each window, shared by every caller in it', () => {
    let time = 1000;
    const budget = perFrameBudget(6, 16, () => time);
    expect(budget.hasTime()).toBe(true); // opens a window at 1000
    time = 1005;
    expect(budget.hasTime()).toBe(true);
    time = 1006;
    expect(budget.hasTime()).toBe(false);
    time = 1015;
    expect(budget.hasTime()).toBe(false); // same window: another task's update gets no more time
    time = 1016;
    expect(budget.hasTime()).toBe(true); // a new window
    time = 1030;
    expect(budget.hasTime()).toBe(false);
  });

  it('starts a fresh window after a pause, whenever the next call comes', () => {
    let time = 0;
    const budget = perFrameBudget(6, 16, () => time);
    budget.hasTime();
    time = 500.5;
    expect(budget.hasTime()).toBe(true);
    time = 506;
    expect(budget.hasTime()).toBe(true);
    time = 506.5;
    expect(budget.hasTime()).toBe(false);
  });
});

describe('which messages of an opened conversation render at once', () => {
  const messages = (...lengths: number[]) => lengths.map((length) => ({ content: 'x'.repeat(length) }));

  it('renders everything when the conversation is short', () => {
    expect(firstEagerIndex(messages(10, 20, 30), 100)).toBe(0);
    expect(firstEagerIndex([], 100)).toBe(0);
  });

  it('renders the end of a long conversation, up to the limit', () => {
    expect(firstEagerIndex(messages(50, 50, 40, 30, 20), 100)).toBe(2);
    expect(firstEagerIndex(messages(50, 50, 40, 30, 31), 100)).toBe(3);
  });

  it('always renders the last message, however long', () => {
    expect(firstEagerIndex(messages(10, 500), 100)).toBe(1);
    expect(firstEagerIndex(messages(500), 100)).toBe(0);
  });
});
