/** The sidebar's groups: pinned first, then Today, Yesterday, the last 7 and 30 days, then months. */
import { describe, expect, it } from 'vitest';
import { folderName, foldersOf, groupConversations } from '../../src/lib/stores/conversation-groups';
import type { ConversationRecord } from '../../src/lib/vocabulary/records';

const NOW = new Date(2026, 11, 2, 15, 30).getTime(); // 2 December 2026, 15:30 local time

function at(id: string, date: Date, pinned = false): ConversationRecord {
  const time = date.getTime();
  return {
    id,
    title: id,
    createdAt: time,
    updatedAt: time,
    server: 'ollama',
    settings: { systemPrompt: '' },
    ...(pinned ? { pinned } : {}),
  };
}

describe('conversation groups', () => {
  it('puts each conversation in its group by local day, pinned ones first, order kept', () => {
    const list = [
      at('just now', new Date(2026, 11, 2, 15, 0)),
      at('pinned old', new Date(2026, 5, 1), true),
      at('this morning', new Date(2026, 11, 2, 0, 0)),
      at('last night', new Date(2026, 11, 1, 23, 59)),
      at('monday', new Date(2026, 10, 30, 12)),
      at('a week ago', new Date(2026, 10, 25, 12)),
      at('three weeks', new Date(2026, 10, 10)),
      at('october', new Date(2026, 9, 5)),
      at('last year', new Date(2025, 9, 5)),
    ];
    const groups = groupConversations(list, NOW).map((g) => [g.label, g.conversations.map((c) => c.id)]);
    const month = (y: number, m: number) =>
      new Date(y, m, 1).toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
    expect(groups).toEqual([
      ['Pinned', ['pinned old']],
      ['Today', ['just now', 'this morning']],
      ['Yesterday', ['last night']],
      ['Previous 7 days', ['monday', 'a week ago']],
      ['Previous 30 days', ['three weeks']],
      [month(2026, 9), ['october']],
      [month(2025, 9), ['last year']],
    ]);
  });

  it('leaves out empty groups', () => {
    expect(groupConversations([], NOW)).toEqual([]);
    expect(groupConversations([at('x', new Date(NOW))], NOW).map((g) => g.label)).toEqual(['Today']);
  });
});

describe('folders', () => {
  it('folders come after pinned and before the dates, by name; a folder may share a date’s name', () => {
    const list = [
      { ...at('a', new Date(2026, 11, 2, 15, 0)), folder: 'Work' },
      at('b', new Date(2026, 11, 2, 14, 0)),
      { ...at('c', new Date(2026, 10, 1)), folder: 'Today' },
      { ...at('d', new Date(2026, 10, 1), true), folder: 'Work' },
      { ...at('e', new Date(2026, 0, 1)), folder: 'Work' },
    ];
    const groups = groupConversations(list, NOW).map((g) => [
      g.kind,
      g.label,
      g.conversations.map((c) => c.id),
    ]);
    expect(groups).toEqual([
      ['pinned', 'Pinned', ['d']],
      ['folder', 'Today', ['c']],
      ['folder', 'Work', ['a', 'e']],
      ['date', 'Today', ['b']],
    ]);
    expect(new Set(groupConversations(list, NOW).map((g) => g.key)).size).toBe(4);
    expect(foldersOf(list)).toEqual(['Today', 'Work']);
    expect(folderName('  Side   projects  ')).toBe('Side projects');
  });
});
