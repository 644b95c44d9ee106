import type { ConversationRecord } from '../vocabulary/records';

export interface ConversationGroup {
  /** Unique among the groups (a folder may be called "Today"). */
  key: string;
  label: string;
  kind: 'pinned' | 'folder' | 'date';
  conversations: ConversationRecord[];
}

/** A folder's name as kept: trimmed, inner whitespace as one space, at most 60 characters. */
export function folderName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** The folders in use, by name. */
export function foldersOf(list: readonly ConversationRecord[]): string[] {
  return [...new Set(list.flatMap((c) => (c.folder ? [c.folder] : [])))].sort((a, b) => a.localeCompare(b));
}

const DAY = 24 * 60 * 60 * 1000;

/** Midnight (local time) of the day `at` falls on. */
function startOfDay(at: number): number {
  const date = new Date(at);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/**
 * The sidebar's groups: pinned first, then each folder (by name), then the rest by when each
 * conversation was last active — Today,
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
  const groups = new Map<string, ConversationGroup>();
  const add = (kind: ConversationGroup['kind'], label: string, conversation: ConversationRecord) => {
    const key = `${kind}:${label}`;
    const group = groups.get(key) ?? { key, label, kind, conversations: [] };
    group.conversations.push(conversation);
    groups.set(key, group);
  };
  for (const conversation of list) {
    if (conversation.pinned) add('pinned', 'Pinned', conversation);
    else if (conversation.folder) add('folder', conversation.folder, conversation);
    else {
      const recent = bounds.find(([, since]) => conversation.updatedAt >= since);
      add('date', recent ? recent[0] : monthOf(conversation.updatedAt), conversation);
    }
  }
  const dates = bounds.map(([label]) => label);
  const rank = (group: ConversationGroup): number => {
    if (group.kind === 'pinned') return -2;
    if (group.kind === 'folder') return -1;
    const i = dates.indexOf(group.label);
    return i === -1 ? dates.length : i; // months keep the order they were met in (newest first)
  };
  const folders = (a: ConversationGroup, b: ConversationGroup) =>
    a.kind === 'folder' && b.kind === 'folder' ? a.label.localeCompare(b.label) : 0;
  return [...groups.values()].sort((a, b) => rank(a) - rank(b) || folders(a, b));
}

function monthOf(at: number): string {
  return new Date(at).toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
}
