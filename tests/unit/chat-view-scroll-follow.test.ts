import { describe, expect, it } from 'vitest';
import { followAfterScroll, isAtBottom } from '../../src/lib/components/scroll-follow';
import { shownStatus } from '../../src/lib/components/message-status';
import type { MessageRecord } from '../../src/lib/vocabulary/records';

const at = (top: number, height = 2000, client = 500) => ({ top, height, client });

describe('scroll follow decision', () => {
  it('counts the last few pixels as the bottom', () => {
    expect(isAtBottom(at(1500))).toBe(true);
    expect(isAtBottom(at(1497))).toBe(true);
    expect(isAtBottom(at(1490))).toBe(false);
  });

  it('stops following the moment the reader scrolls up, even by a little', () => {
    expect(followAfterScroll(true, 1500, at(1480))).toBe(false);
    expect(followAfterScroll(true, 1500, at(1200))).toBe(false);
  });

  it('follows again when the reader comes back to the bottom', () => {
    expect(followAfterScroll(false, 1200, at(1500))).toBe(true);
  });

  it('scrolling down to what was the end follows, even if a token made the content grow meanwhile', () => {
    // The reader scrolled to the end of 2000 px; before the scroll event, 60 px more arrived.
    expect(followAfterScroll(false, 1200, at(1500, 2060), 60)).toBe(true);
    expect(followAfterScroll(false, 1200, at(1500, 2060), 0)).toBe(false);
    // Growth does not count when scrolling up or staying put.
    expect(followAfterScroll(false, 1500, at(1500, 2060), 60)).toBe(false);
    expect(followAfterScroll(true, 1600, at(1500, 2060), 60)).toBe(false);
  });

  it('scrolling down but not to the end keeps the current choice', () => {
    expect(followAfterScroll(false, 1000, at(1200))).toBe(false);
    expect(followAfterScroll(true, 1000, at(1200))).toBe(true);
  });

  it('content that shrank (a folded reasoning block) while at the end keeps following', () => {
    // The browser clamps scrollTop down: the top moved up, but the view is still at the end.
    expect(followAfterScroll(true, 1500, at(900, 1400, 500))).toBe(true);
  });
});

describe('shown status of saved answers', () => {
  const base: MessageRecord = {
    id: 'a',
    conversationId: 'c',
    seq: 1,
    role: 'assistant',
    content: 'x',
    createdAt: 0,
    updatedAt: 0,
    status: 'streaming',
  };

  it('an unsaved-for-long streaming answer was interrupted; a fresh one is being written elsewhere', () => {
    expect(shownStatus({ ...base, updatedAt: 0 }, 60_000)).toBe('interrupted');
    expect(shownStatus({ ...base, updatedAt: 59_000 }, 60_000)).toBe('elsewhere');
    expect(shownStatus({ ...base, status: 'stopped' }, 60_000)).toBe('stopped');
  });
});
