import { hasText, type BranchChoice, type MessageRecord } from '../vocabulary/records';

const bySeq = (a: MessageRecord, b: MessageRecord) => a.seq - b.seq || a.createdAt - b.createdAt;

export interface TreeOfFlat {
  /** The records themselves when every one already has a parent (nothing is copied). */
  messages: readonly MessageRecord[];
  /** Set when the branch shown before the tree is not simply the newest message. */
  branch?: BranchChoice;
}

/**
 * Messages stored before the tree (schema ≤ 2) had a position (`seq`) and, for answers, their
 * question (`replyTo`); Regenerate kept earlier attempts under the same question. They become a
 * tree that shows exactly what the flat list showed: the shown messages form the path, the
 * earlier attempts (and a last attempt that failed before any text) are versions beside it.
 * Records that already have a parent are returned as they are.
 */
export function treeOfFlat(records: readonly MessageRecord[]): TreeOfFlat {
  const legacy = records.filter((m) => m.parentId === undefined);
  if (legacy.length === 0) return { messages: records };
  if (legacy.length < records.length) return { messages: records.map((m) => withParent(m, records)) };

  const sorted = [...records].sort(bySeq);
  const { path, asides } = shownBeforeTree(sorted);
  const parents = new Map<string, string | null>();
  path.forEach((m, i) => parents.set(m.id, path[i - 1]?.id ?? null));
  const ids = new Set(records.map((m) => m.id));
  for (const m of asides) parents.set(m.id, m.replyTo && ids.has(m.replyTo) ? m.replyTo : null);
  const messages = records.map((m) => ({ ...m, parentId: parents.get(m.id) ?? null }));
  const leaf = path.at(-1);
  const newest = messages.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
  if (!leaf || leaf.id === newest.id) return { messages };
  return { messages, branch: { leafId: leaf.id, chosenAt: newest.createdAt } };
}

/** One record without a parent among tree records (a recovery copy of an old answer). */
function withParent(message: MessageRecord, all: readonly MessageRecord[]): MessageRecord {
  if (message.parentId !== undefined) return message;
  const before = all
    .filter((m) => m.seq === message.seq - 1 && m.id !== message.id)
    .sort(bySeq)
    .at(-1);
  return { ...message, parentId: message.replyTo ?? before?.id ?? null };
}

/**
 * Release 0.2's rule for what a flat conversation showed: of the answers to one question, the
 * newest with text; a newer attempt without text (failed or stopped) was shown after it as a
 * note. Answers without `replyTo` (release 0.1) were all shown.
 */
function shownBeforeTree(sorted: MessageRecord[]): { path: MessageRecord[]; asides: MessageRecord[] } {
  const attempts = new Map<string, MessageRecord[]>();
  for (const m of sorted) {
    if (m.role !== 'assistant' || !m.replyTo) continue;
    const list = attempts.get(m.replyTo);
    if (list) list.push(m);
    else attempts.set(m.replyTo, [m]);
  }
  const onPath = new Set<string>();
  for (const list of attempts.values()) {
    list.sort((a, b) => a.createdAt - b.createdAt);
    onPath.add((list.findLast(hasText) ?? list.at(-1)!).id);
  }
  const path: MessageRecord[] = [];
  const asides: MessageRecord[] = [];
  for (const m of sorted) {
    if (m.role === 'assistant' && m.replyTo && !onPath.has(m.id)) asides.push(m);
    else path.push(m);
  }
  return { path, asides };
}
