import type { ConversationRecord } from '../vocabulary/records';

export interface ConversationGroup {
  label: string;
  conversations: ConversationRecord[];
}

const DAY = 24 * 60 * 60 * 1000;

/** Midnight (local time) of the day `at` falls on. */
function startOfDay(at: number): number {
  const date = new Date(at);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/**
 * The sidebar's groups: pinned first, then by when each conversation was last active — Today,
 * Yesterday, Previous 7 days, Previous 30 days, then each month ("October 2026"). Order within a
 * group is kept (newest first, as listed); empty groups are left out.
 */
export function groupConversations(list: readonly ConversationRecord[], now: number): ConversationGroup[] {
  const today = startOfDay(now);
  const bounds: [string, number][] = [
    ['Today', today],
    ['Yesterday', today - DAY],
    ['Previous 7 days', today - 7 * DAY],
    ['Previous 30 days', today - 30 * DAY],
  ];
  const groups = new Map<string, ConversationRecord[]>();
  const add = (label: string, conversation: ConversationRecord) => {
    const group = groups.get(label) ?? [];
    group.push(conversation);
    groups.set(label, group);
  };
  for (const conversation of list) {
    if (conversation.pinned) {
      add('Pinned', conversation);
      continue;
    }
    const recent = bounds.find(([, since]) => conversation.updatedAt >= since);
    add(recent ? recent[0] : monthOf(conversation.updatedAt), conversation);
  }
  const order = ['Pinned', ...bounds.map(([label]) => label)];
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a, order) - rank(b, order))
    .map(([label, conversations]) => ({ label, conversations }));
}

function rank(label: string, order: string[]): number {
  const i = order.indexOf(label);
  return i === -1 ? order.length : i; // months keep the order they were met in (newest first)
}

function monthOf(at: number): string {
  return new Date(at).toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
}
