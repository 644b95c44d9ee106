import type { BranchChoice, MessageRecord } from '../vocabulary/records';

/**
 * A conversation as a tree: each message follows its parent, messages with one parent are
 * versions of each other, and what the conversation shows is the path from the first message to
 * one leaf (the current branch). Pure functions over stored records, built in one pass, so a
 * conversation of thousands of messages opens as fast as a flat list.
 */
export interface ConversationTree {
  byId: ReadonlyMap<string, MessageRecord>;
  /** Children of each message, oldest first; `null` holds the first messages (and orphans). */
  children: ReadonlyMap<string | null, readonly MessageRecord[]>;
  newest: MessageRecord | undefined;
}

/** Where a message stands among its versions (1-based `index`, as the pager shows it). */
export interface Versions {
  index: number;
  count: number;
  previous?: string;
  next?: string;
}

const older = (a: MessageRecord, b: MessageRecord) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function buildTree(records: readonly MessageRecord[]): ConversationTree {
  const byId = new Map(records.map((m) => [m.id, m]));
  const children = new Map<string | null, MessageRecord[]>();
  let newest: MessageRecord | undefined;
  for (const message of records) {
    // A parent that is not stored (or is the message itself) files the message with the roots.
    const parent =
      message.parentId && message.parentId !== message.id && byId.has(message.parentId)
        ? message.parentId
        : null;
    const list = children.get(parent);
    if (list) list.push(message);
    else children.set(parent, [message]);
    if (!newest || older(newest, message) < 0) newest = message;
  }
  for (const list of children.values()) list.sort(older);
  return { byId, children, newest };
}

/** Follows the newest child down to a leaf. */
function descend(tree: ConversationTree, from: MessageRecord): MessageRecord {
  let node = from;
  const seen = new Set<string>([node.id]);
  for (;;) {
    const next = tree.children.get(node.id)?.at(-1);
    if (!next || seen.has(next.id)) return node;
    seen.add(next.id);
    node = next;
  }
}

/**
 * The leaf of the current branch: the newest message created after the user last chose a branch
 * (what they did since), else the chosen leaf, else the newest message.
 */
export function currentLeaf(tree: ConversationTree, branch?: BranchChoice): MessageRecord | undefined {
  const { newest } = tree;
  if (!newest) return undefined;
  if (!branch || newest.createdAt > branch.chosenAt) return descend(tree, newest);
  return descend(tree, tree.byId.get(branch.leafId) ?? newest);
}

/** From the first message to `leaf`; a cycle in hostile data ends the walk. */
export function pathTo(tree: ConversationTree, leaf: MessageRecord | undefined): MessageRecord[] {
  const path: MessageRecord[] = [];
  const seen = new Set<string>();
  for (let node = leaf; node && !seen.has(node.id);) {
    seen.add(node.id);
    path.push(node);
    node = node.parentId ? tree.byId.get(node.parentId) : undefined;
  }
  return path.reverse();
}

export function currentPath(tree: ConversationTree, branch?: BranchChoice): MessageRecord[] {
  return pathTo(tree, currentLeaf(tree, branch));
}

function siblingsOf(tree: ConversationTree, message: MessageRecord): readonly MessageRecord[] {
  const parent = message.parentId && tree.byId.has(message.parentId) ? message.parentId : null;
  return tree.children.get(parent) ?? [message];
}

export function versionsOf(tree: ConversationTree, message: MessageRecord): Versions {
  const siblings = siblingsOf(tree, message);
  const at = siblings.findIndex((m) => m.id === message.id);
  const previous = siblings[at - 1]?.id;
  const next = siblings[at + 1]?.id;
  return {
    index: at + 1,
    count: siblings.length,
    ...(previous ? { previous } : {}),
    ...(next ? { next } : {}),
  };
}

/**
 * The leaf to show when the user pages to version `messageId`: the newest message under it (where
 * they last were in that branch), followed down to a leaf.
 */
export function leafThrough(tree: ConversationTree, messageId: string): MessageRecord | undefined {
  const start = tree.byId.get(messageId);
  if (!start) return undefined;
  let newest = start;
  const stack = [start];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    if (older(newest, node) < 0) newest = node;
    stack.push(...(tree.children.get(node.id) ?? []));
  }
  return descend(tree, newest);
}

/** The message and everything under it (what deleting a branch removes). */
export function subtreeIds(tree: ConversationTree, messageId: string): string[] {
  const ids: string[] = [];
  const stack = [messageId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id) || !tree.byId.has(id)) continue;
    seen.add(id);
    ids.push(id);
    for (const child of tree.children.get(id) ?? []) stack.push(child.id);
  }
  return ids;
}
