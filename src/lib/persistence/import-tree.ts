import type { MessageRecord } from '../vocabulary/records';
import { InvalidField } from './validate';

/** A message read from a file, with the ids the file gave it and the message it follows. */
export interface FileMessage {
  fileId: string;
  parentFileId: string | null;
  record: MessageRecord;
}

export interface LinkedTree {
  messages: MessageRecord[];
  /** The record id of each file id (for a branch choice the file names). */
  idOf: Map<string, string>;
  notes: string[];
}

/**
 * Links the messages of one imported conversation into Brook's tree: each gets its parent's new
 * id and its depth. Untrusted input: a duplicate id, a parent that is not in the same
 * conversation of the file, or a cycle refuses the whole file (InvalidField, nothing written).
 * Several first messages are Brook's own shape for an edited first question: kept as versions.
 */
export function linkTree(items: readonly FileMessage[], where: string): LinkedTree {
  const byFileId = new Map<string, FileMessage>();
  for (const item of items) {
    if (byFileId.has(item.fileId))
      throw new InvalidField(`${where}: two messages have the id “${short(item.fileId)}”.`);
    byFileId.set(item.fileId, item);
  }
  for (const item of items) {
    if (item.parentFileId !== null && !byFileId.has(item.parentFileId))
      throw new InvalidField(
        `${where}: message “${short(item.fileId)}” follows “${short(item.parentFileId)}”, which is not in this conversation.`,
      );
  }
  const depth = new Map<string, number>();
  const depthOf = (start: FileMessage): number => {
    const chain: FileMessage[] = [];
    const onChain = new Set<string>();
    let node: FileMessage | undefined = start;
    while (node && !depth.has(node.fileId)) {
      if (onChain.has(node.fileId))
        throw new InvalidField(
          `${where}: its messages follow each other in a circle (at “${short(node.fileId)}”).`,
        );
      onChain.add(node.fileId);
      chain.push(node);
      node = node.parentFileId === null ? undefined : byFileId.get(node.parentFileId);
    }
    let d = node ? depth.get(node.fileId)! : -1;
    for (const item of chain.reverse()) depth.set(item.fileId, ++d);
    return depth.get(start.fileId)!;
  };
  const idOf = new Map(items.map((item) => [item.fileId, item.record.id]));
  const messages = items.map((item) => {
    const parent = item.parentFileId === null ? undefined : byFileId.get(item.parentFileId)!;
    const record: MessageRecord = {
      ...item.record,
      seq: depthOf(item),
      parentId: parent ? parent.record.id : null,
    };
    if (record.role === 'assistant' && parent?.record.role === 'user') record.replyTo = parent.record.id;
    else delete record.replyTo;
    return record;
  });
  const roots = items.filter((item) => item.parentFileId === null).length;
  const notes =
    roots > 1
      ? [`${where} starts with ${roots} first messages: they are kept as versions of the first message.`]
      : [];
  return { messages, idOf, notes };
}

function short(id: string): string {
  return id.length > 40 ? `${id.slice(0, 40)}…` : id;
}
