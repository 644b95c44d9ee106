/**
 * Attachments through the real stores and chat worker core: a question's files are stored with
 * it and reach the provider (images as base64 the worker encoded from the stored Blob, text files
 * in the prompt); later turns, Regenerate and Edit read them back from storage; deleting frees
 * them and Undo brings them back; a JSON export imports back byte for byte.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { createIdbRepo } from '../../src/lib/persistence/idb-repo';
import type { PreparedAttachment } from '../../src/lib/vocabulary/attachments';
import type { ConversationRepo } from '../../src/lib/persistence/repo';
import { solidPng } from '../support/png';
import { closeAll, startHarness, until, type Harness } from './stores-harness';

afterEach(closeAll);

let count = 0;
const png = solidPng(4, 3);

function image(id: string): PreparedAttachment {
  return {
    ref: {
      id,
      kind: 'image',
      name: `${id}.png`,
      mimeType: 'image/png',
      sizeBytes: png.length,
      width: 4,
      height: 3,
    },
    data: new Blob([new Uint8Array(png)], { type: 'image/png' }),
  };
}

function textFile(id: string, text: string): PreparedAttachment {
  return {
    ref: { id, kind: 'text', name: `${id}.csv`, mimeType: 'text/plain', sizeBytes: text.length, tokens: 4 },
    data: new Blob([text], { type: 'text/plain' }),
    text,
  };
}

async function answer(h: Harness, reply: string): Promise<void> {
  h.provider.text(reply);
  h.provider.finish();
  await until(h.brook.chat, (s) => s.status === 'idle');
}

const start = async () => startHarness({ repo: await createIdbRepo(`brook-store-files-${++count}`) });

describe('attachments through the stores', () => {
  it('reach the provider with the question, and again from storage on every later turn', async () => {
    const h = await start();
    const { chat, conversations } = h.brook;
    expect(await chat.send('What is this?', [image('i1'), textFile('t1', 'a,b\n1,2\n')])).toBe(true);
    await answer(h, 'A blue square.');
    const first = h.provider.calls[0]!.messages;
    expect(first).toEqual([
      {
        role: 'user',
        content: 'File: t1.csv\n```csv\na,b\n1,2\n```\n\nWhat is this?',
        images: [{ name: 'i1.png', mimeType: 'image/png', base64: png.toString('base64') }],
      },
    ]);
    const question = get(conversations).messages[0]!;
    expect(question.attachments?.map((ref) => ref.id)).toEqual(['i1', 't1']);

    await chat.send('And its size?');
    await answer(h, '4 by 3.');
    expect(h.provider.calls[1]!.messages[0]).toEqual(first[0]);

    await chat.regenerate();
    await answer(h, 'Four by three.');
    expect(h.provider.calls[2]!.messages[0]).toEqual(first[0]);

    // An edited question keeps its files; only the words change.
    expect(await chat.edit(question.id, 'Describe it')).toBe(true);
    await answer(h, 'Blue.');
    expect(h.provider.calls[3]!.messages).toEqual([
      { ...first[0], content: first[0]!.content.replace('What is this?', 'Describe it') },
    ]);
    expect(get(conversations).messages[0]!.attachments).toEqual(question.attachments);
  });

  it('a question of files alone is sent (titled by its first file), an empty one is not', async () => {
    const h = await start();
    expect(await h.brook.chat.send('   ')).toBe(false);
    expect(await h.brook.chat.send('', [image('only')])).toBe(true);
    await answer(h, 'A square.');
    expect(get(h.brook.conversations).active.title).toBe('only.png');
    expect(h.provider.calls[0]!.messages[0]).toMatchObject({ role: 'user', content: '' });
  });

  it('deleting a conversation frees its files; Undo brings them back byte for byte', async () => {
    const h = await start();
    const { chat, conversations } = h.brook;
    await chat.send('Look', [image('d1')]);
    await answer(h, 'Seen.');
    const id = get(conversations).active.id;
    const deleted = await conversations.remove(id);
    expect(await h.repo.listAttachments(id)).toEqual([]);
    expect(await conversations.restore(deleted!)).toBe(true);
    const copy = get(conversations).active;
    const files = await h.repo.listAttachments(copy.id);
    expect(files.map((f) => f.id)).toEqual(['d1']);
    expect(Buffer.from(await files[0]!.data.arrayBuffer()).equals(png)).toBe(true);
  });

  it('deleting a version frees the files only it had; Undo puts them back', async () => {
    const h = await start();
    const { chat, conversations } = h.brook;
    await chat.send('First', [image('v1')]);
    await answer(h, 'One.');
    await chat.send('Later', [image('own')]);
    await answer(h, 'Two.');
    const original = get(conversations).messages[0]!;
    // The edited copy shares v1; `own` belongs only to the original branch.
    await chat.edit(original.id, 'First, again');
    await answer(h, 'Again.');
    const id = get(conversations).active.id;
    const ids = async () => (await h.repo.listAttachments(id)).map((f) => f.id).sort();
    expect(await ids()).toEqual(['own', 'v1']);
    const deleted = await conversations.removeBranch(original.id);
    expect(deleted?.attachments.map((f) => f.id)).toEqual(['own']);
    expect(await ids()).toEqual(['v1']);
    expect(await conversations.restore(deleted!)).toBe(true);
    expect(await ids()).toEqual(['own', 'v1']);
  });

  it('Stop pressed while the files are read sends nothing; a deleted chat gets nothing written', async () => {
    const base = await createIdbRepo(`brook-store-files-${++count}`);
    let hold: Promise<void> = Promise.resolve();
    const repo: ConversationRepo = {
      ...base,
      async getAttachment(id) {
        await hold;
        return base.getAttachment(id);
      },
    };
    const h = await startHarness({ repo });
    const { chat, conversations } = h.brook;
    await chat.send('Look', [image('s1')]);
    await answer(h, 'Seen.');
    const calls = h.provider.calls.length;

    // The next answer has to read s1 back from storage: held there while Stop is pressed.
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));
    expect(await chat.regenerate()).toBe(true);
    chat.stop();
    release();
    await until(chat, (s) => s.status === 'idle');
    expect(h.provider.calls.length).toBe(calls);
    expect(get(conversations).messages.at(-1)).toMatchObject({ status: 'stopped', content: '' });

    // Held again, and the chat deleted meanwhile: the answer is abandoned, nothing is sent or written.
    hold = new Promise<void>((resolve) => (release = resolve));
    expect(await chat.regenerate()).toBe(true);
    const id = get(conversations).active.id;
    await conversations.remove(id);
    release();
    await chat.settled();
    expect(h.provider.calls.length).toBe(calls);
    expect(await base.listMessages(id)).toEqual([]);
    expect(await base.listAttachments(id)).toEqual([]);
  });

  it('a JSON export imports back with the files byte for byte, under new ids', async () => {
    const h = await start();
    const { chat, conversations } = h.brook;
    await chat.send('Read these', [image('e1'), textFile('e2', 'x,y\n')]);
    await answer(h, 'Done.');
    const file = await conversations.exportActive('json');
    const exported = JSON.parse(file.content) as { version: number; attachments: unknown[] };
    expect(exported.version).toBe(3);
    expect(exported.attachments).toHaveLength(2);
    const markdown = await conversations.exportActive('md');
    expect(markdown.content).toContain('_Attached: e1.png (image, 4×3,');

    const outcome = await conversations.importJson(file.content);
    expect(outcome.ok).toBe(true);
    const imported = get(conversations).active;
    const question = get(conversations).messages[0]!;
    expect(question.attachments?.map((ref) => ref.name)).toEqual(['e1.png', 'e2.csv']);
    expect(question.attachments?.some((ref) => ref.id === 'e1')).toBe(false);
    const files = await h.repo.listAttachments(imported.id);
    const byName = (name: string) =>
      files.find((f) => f.id === question.attachments!.find((r) => r.name === name)!.id)!;
    expect(Buffer.from(await byName('e1.png').data.arrayBuffer()).equals(png)).toBe(true);
    expect(byName('e2.csv').text).toBe('x,y\n');
  });
});
