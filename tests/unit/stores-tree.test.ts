/**
 * The conversation tree through the real stores and worker core: edit and resend, versions of a
 * middle answer, paging (nothing re-sent), and Continue with each server's mechanism.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { get } from 'svelte/store';
import { CONTINUE_REQUEST } from '../../src/lib/servers/continuation';
import { closeAll, startHarness, until, type Harness } from './stores-harness';

afterEach(closeAll);

async function answer(h: Harness, ...parts: string[]): Promise<void> {
  h.provider.text(...parts);
  h.provider.finish();
  await until(h.brook.chat, (s) => s.status === 'idle');
}

async function asked(h: Harness, question: string, reply: string): Promise<void> {
  expect(await h.brook.chat.send(question)).toBe(true);
  await answer(h, reply);
}

const shown = (h: Harness) => get(h.brook.conversations).messages.map((m) => m.content);
const versionsOf = (h: Harness, index: number) => {
  const state = get(h.brook.conversations);
  return state.versions[state.messages[index]!.id];
};

describe('edit and resend', () => {
  it('starts a new branch from the edited question; the old branch stays one page back', async () => {
    const h = await startHarness();
    const { chat, conversations } = h.brook;
    await asked(h, 'Name a fruit', 'Apple');
    await asked(h, 'Another?', 'Pear');
    const original = get(conversations).messages[0]!;

    expect(await chat.edit(original.id, 'Name a vegetable')).toBe(true);
    await answer(h, 'Leek');
    expect(shown(h)).toEqual(['Name a vegetable', 'Leek']);
    expect(h.provider.calls.at(-1)!.messages).toEqual([{ role: 'user', content: 'Name a vegetable' }]);
    expect(versionsOf(h, 0)).toEqual({ index: 2, count: 2, previous: original.id });

    const calls = h.provider.calls.length;
    await conversations.showVersion(original.id);
    expect(shown(h)).toEqual(['Name a fruit', 'Apple', 'Another?', 'Pear']);
    await conversations.showVersion(versionsOf(h, 0)!.next!);
    expect(shown(h)).toEqual(['Name a vegetable', 'Leek']);
    expect(h.provider.calls.length).toBe(calls); // paging never sends anything

    // Every version is stored, and the chosen branch is saved with the conversation.
    const stored = await h.repo.listMessages(original.conversationId);
    expect(stored.map((m) => m.content).sort()).toEqual(
      ['Another?', 'Apple', 'Leek', 'Name a fruit', 'Name a vegetable', 'Pear'].sort(),
    );
    expect((await h.repo.listConversations())[0]!.branch).toBeDefined();
  });

  it('is refused while an answer is being written, and for an empty text', async () => {
    const h = await startHarness();
    const { chat, conversations } = h.brook;
    await asked(h, 'One', 'Uno');
    const question = get(conversations).messages[0]!;
    expect(await chat.edit(question.id, '   ')).toBe(false);
    await chat.send('Two');
    expect(await chat.edit(question.id, 'Changed')).toBe(false);
    await answer(h, 'Dos');
    expect(shown(h)).toEqual(['One', 'Uno', 'Two', 'Dos']);
  });
});

describe('versions of a middle answer', () => {
  it('regenerating it three times gives four versions; each page shows its own branch', async () => {
    const h = await startHarness();
    const { chat, conversations } = h.brook;
    await asked(h, 'Q1', 'A1');
    await asked(h, 'Q2', 'A2');
    for (const reply of ['A1 v2', 'A1 v3', 'A1 v4']) {
      const middle = get(conversations).messages[1]!;
      expect(await chat.regenerate(middle.id)).toBe(true);
      await answer(h, reply);
      expect(h.provider.calls.at(-1)!.messages).toEqual([{ role: 'user', content: 'Q1' }]);
    }
    expect(shown(h)).toEqual(['Q1', 'A1 v4']);
    expect(versionsOf(h, 1)).toMatchObject({ index: 4, count: 4 });

    const seen: string[][] = [];
    for (let page = 4; page > 1; page--) {
      await conversations.showVersion(versionsOf(h, 1)!.previous!);
      seen.push(shown(h));
    }
    expect(seen).toEqual([
      ['Q1', 'A1 v3'],
      ['Q1', 'A1 v2'],
      ['Q1', 'A1', 'Q2', 'A2'],
    ]);
    expect(versionsOf(h, 1)).toMatchObject({ index: 1, count: 4 });
  });
});

describe('continue', () => {
  it('Ollama carries the stopped answer on itself: the partial text is the last message, sent to prefill', async () => {
    const h = await startHarness();
    const { chat, conversations } = h.brook;
    await chat.send('Count to five');
    h.provider.text('one, two');
    await until(chat.live, (a) => a?.text === 'one, two');
    chat.stop();
    await chat.settled();
    const stopped = get(conversations).messages[1]!;
    expect(stopped.status).toBe('stopped');

    expect(await chat.continueAnswer(stopped.id)).toBe(true);
    await vi.waitFor(() => expect(h.provider.calls).toHaveLength(2));
    const call = h.provider.calls[1]!;
    expect(call.messages).toEqual([
      { role: 'user', content: 'Count to five' },
      { role: 'assistant', content: 'one, two' },
    ]);
    expect(call.options.continueFinal).toBe(true);
    await until(chat.live, (a) => a?.text === 'one, two');
    await answer(h, ', three');
    const done = get(conversations).messages[1]!;
    expect(done).toMatchObject({
      id: stopped.id,
      content: 'one, two, three',
      status: 'complete',
      continued: 'prefill',
    });
    expect(await h.repo.getMessage(stopped.id)).toMatchObject({
      content: 'one, two, three',
      status: 'complete',
    });
    expect(get(conversations).messages).toHaveLength(2);
  });

  it('a server without a mechanism is asked to go on, and the answer says so', async () => {
    const h = await startHarness();
    const { chat, conversations, settings } = h.brook;
    const lmstudio = settings.addServer({
      kind: 'lmstudio-rest',
      name: 'LM Studio',
      url: 'http://127.0.0.1:1234/v1',
    });
    await conversations.updateActive({ server: lmstudio.id! });
    await chat.send('Write a haiku');
    h.provider.text('Old pond');
    h.provider.push({ type: 'finish', reason: 'length', stats: {} });
    await until(chat, (s) => s.status === 'idle');
    const cut = get(conversations).messages[1]!;
    expect(cut).toMatchObject({ status: 'complete', finishReason: 'length' });

    expect(await chat.continueAnswer(cut.id)).toBe(true);
    expect(get(chat).announcement).toMatch(/cannot continue an answer itself/);
    await vi.waitFor(() => expect(h.provider.calls).toHaveLength(2));
    const call = h.provider.calls[1]!;
    expect(call.messages).toEqual([
      { role: 'user', content: 'Write a haiku' },
      { role: 'assistant', content: 'Old pond' },
      { role: 'user', content: CONTINUE_REQUEST },
    ]);
    expect(call.options.continueFinal).toBeUndefined();
    await answer(h, ' / a frog jumps in');
    expect(get(conversations).messages[1]).toMatchObject({
      content: 'Old pond / a frog jumps in',
      continued: 'ask',
      finishReason: 'stop',
    });
  });

  it('is refused for a finished answer, and for one that is not the last', async () => {
    const h = await startHarness();
    const { chat, conversations } = h.brook;
    await asked(h, 'Q1', 'A1');
    const finished = get(conversations).messages[1]!;
    expect(await chat.continueAnswer(finished.id)).toBe(false);
    expect(h.provider.calls).toHaveLength(1);
  });
});

describe('delete and undo', () => {
  it('a deleted conversation comes back, whole, under a new id; the old id stays deleted', async () => {
    const h = await startHarness();
    const { chat, conversations } = h.brook;
    await asked(h, 'Q1', 'A1');
    await chat.regenerate();
    await answer(h, 'A1 v2');
    const { active } = get(conversations);
    const deleted = await conversations.remove(active.id);
    expect(deleted).toMatchObject({ kind: 'conversation' });
    expect(await h.repo.listConversations()).toHaveLength(0);

    expect(await conversations.restore(deleted!)).toBe(true);
    const [back] = await h.repo.listConversations();
    expect(back!.id).not.toBe(active.id);
    expect(back!.title).toBe('Q1');
    expect(shown(h)).toEqual(['Q1', 'A1 v2']);
    expect(versionsOf(h, 1)).toMatchObject({ index: 2, count: 2 });
    // Nothing can be written into the old one any more.
    expect(await h.repo.createConversation({ ...active })).toBe('conversation-gone');
  });

  it('deleting a version removes it and what follows; the other version shows; undo puts it back', async () => {
    const h = await startHarness();
    const { chat, conversations } = h.brook;
    await asked(h, 'Fruit?', 'Apple');
    await asked(h, 'Another?', 'Pear');
    const first = get(conversations).messages[0]!;
    await chat.edit(first.id, 'Vegetable?');
    await answer(h, 'Leek');
    const edited = get(conversations).messages[0]!;

    // The first message has no other version once one is gone: only one may be deleted.
    const deleted = await conversations.removeBranch(first.id);
    expect(deleted?.messages.map((m) => m.content).sort()).toEqual(['Another?', 'Apple', 'Fruit?', 'Pear']);
    expect(shown(h)).toEqual(['Vegetable?', 'Leek']);
    expect(get(conversations).versions[edited.id]).toBeUndefined();
    expect(await h.repo.listMessages(edited.conversationId)).toHaveLength(2);
    expect(await conversations.removeBranch(edited.id)).toBeNull();

    expect(await conversations.restore(deleted!)).toBe(true);
    expect(shown(h)).toEqual(['Fruit?', 'Apple', 'Another?', 'Pear']);
    expect(await h.repo.listMessages(edited.conversationId)).toHaveLength(6);
  });
});
