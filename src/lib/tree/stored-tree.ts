import type { MessageRecord } from '../vocabulary/records';
import { treeOfFlat } from './legacy-parents';
import { buildTree, type ConversationTree } from './tree';

/**
 * The tree of a conversation's stored records, whichever release wrote them (a recovery copy of
 * an answer saved before the tree has no parent yet).
 */
export function storedTree(records: readonly MessageRecord[]): ConversationTree {
  return buildTree(treeOfFlat(records).messages);
}
