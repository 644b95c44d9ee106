/** The tree functions on their own: paths, versions, branch choice, and hostile shapes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../src/lib/vocabulary/records';
import { buildTree, currentPath, leafThrough, pathTo, subtreeIds, versionsOf } from '../../src/lib/tree/tree';

function node(id: string, parentId: string | null, createdAt: number): MessageRecord {
  return {
    id,
    conversationId: 'c',
    parentId,
    seq: 0,
    role: 'user',
    content: id,
    createdAt,
    updatedAt: createdAt,
    status: 'complete',
  };
}

/** A random tree: message i follows one of the messages before it (or none). */
const randomTree = fc
  .array(fc.nat(), { minLength: 1, maxLength: 60 })
  .map((picks) =>
    picks.map((pick, i) => node(`m${i}`, i === 0 || pick % 7 === 0 ? null : `m${pick % i}`, i)),
  );

describe('conversation tree', () => {
  it('the current path runs from a first message to the newest one, each following the one before', () => {
    fc.assert(
      fc.property(randomTree, (records) => {
        const tree = buildTree(records);
        const path = currentPath(tree);
        expect(path.at(-1)!.id).toBe(records.at(-1)!.id);
        expect(path[0]!.parentId).toBeNull();
        path.slice(1).forEach((m, i) => expect(m.parentId).toBe(path[i]!.id));
      }),
    );
  });

  it('paging to any version shows a path through it; its versions are its siblings, in order', () => {
    fc.assert(
      fc.property(randomTree, fc.nat(), (records, pick) => {
        const tree = buildTree(records);
        const target = records[pick % records.length]!;
        const leaf = leafThrough(tree, target.id)!;
        const path = pathTo(tree, leaf);
        expect(path.map((m) => m.id)).toContain(target.id);
        expect(tree.children.get(leaf.id) ?? []).toHaveLength(0);
        const chosen = currentPath(tree, { leafId: leaf.id, chosenAt: records.length });
        expect(chosen).toEqual(path);
        const versions = versionsOf(tree, target);
        const siblings = records.filter((m) => m.parentId === target.parentId);
        expect(versions.count).toBe(siblings.length);
        expect(siblings[versions.index - 1]!.id).toBe(target.id);
      }),
    );
  });

  it('a message created after the branch choice is the leaf again', () => {
    const records = [node('a', null, 1), node('b', 'a', 2), node('b2', 'a', 3)];
    const tree = buildTree(records);
    expect(currentPath(tree, { leafId: 'b', chosenAt: 4 }).map((m) => m.id)).toEqual(['a', 'b']);
    const later = buildTree([...records, node('c', 'b2', 5)]);
    expect(currentPath(later, { leafId: 'b', chosenAt: 4 }).map((m) => m.id)).toEqual(['a', 'b2', 'c']);
  });

  it('cycles, self-parents and missing parents end the walk instead of looping', () => {
    const records = [node('x', 'y', 1), node('y', 'x', 2), node('s', 's', 3), node('o', 'gone', 4)];
    const tree = buildTree(records);
    expect(currentPath(tree).map((m) => m.id)).toEqual(['o']);
    expect(pathTo(tree, tree.byId.get('y')).map((m) => m.id)).toEqual(['x', 'y']);
    expect(leafThrough(tree, 's')?.id).toBe('s');
    expect(subtreeIds(tree, 'x').sort()).toEqual(['x', 'y']);
    expect(versionsOf(tree, tree.byId.get('o')!)).toMatchObject({ count: 2 }); // with the self-parented root
  });
});
