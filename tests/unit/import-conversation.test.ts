import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { createIdbRepo } from '../../src/lib/persistence/idb-repo';
import { parseConversationImport } from '../../src/lib/persistence/import-conversation';
import { closeAll, startHarness, until } from './stores-harness';
import { afterEach } from 'vitest';

afterEach(closeAll);

function file(
  overrides: Record<string, unknown> = {},
  messages: unknown[] = [{ role: 'user', content: 'Hi' }],
) {
  return JSON.stringify({
    format: 'brook.conversation',
    version: 1,
    conversation: { title: 'Imported', server: 'ollama', settings: { systemPrompt: '' } },
    messages,
    ...overrides,
  });
}

function rejects(raw: string): string {
  const result = parseConversationImport(raw);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.error;
}

describe('import validation', () => {
  it('accepts a minimal file and fills defaults', () => {
    const result = parseConversationImport(file(), 1000);
    if (!result.ok) throw new Error(result.error);
    expect(result.messages[0]).toMatchObject({
      role: 'user',
      content: 'Hi',
      status: 'complete',
      seq: 0,
      createdAt: 1000,
    });
  });

  it('rejects what is not JSON or not a Brook file, saying so', () => {
    expect(rejects('not json {')).toMatch(/not valid JSON/);
    expect(rejects('[]')).toMatch(/not a Brook conversation/);
    expect(rejects(JSON.stringify({ format: 'other' }))).toMatch(/not a Brook conversation/);
    expect(rejects(file({ version: 4 }))).toMatch(/version 4; Brook reads versions 1 to 3/);
  });

  it('names the offending field for wrong types and values', () => {
    expect(rejects(file({}, [{ role: 'system', content: 'x' }]))).toMatch(/messages\[0\]\.role/);
    expect(rejects(file({}, [{ role: 'user', content: 42 }]))).toMatch(/messages\[0\]\.content must be text/);
    expect(rejects(file({}, [{ role: 'user', content: 'x', stats: { tokensPerSecond: 'fast' } }]))).toMatch(
      /tokensPerSecond/,
    );
    expect(rejects(file({ messages: 'nope' }))).toMatch(/messages must be a list/);
    expect(rejects(file({ conversation: { title: 'x', server: '', settings: {} } }))).toMatch(
      /conversation\.server/,
    );
    expect(
      rejects(file({ conversation: { title: 'x', server: 'ollama', settings: { temperature: 1e9 } } })),
    ).toMatch(/temperature/);
  });

  it('copies only known fields: no prototype pollution, no foreign ids, no extra keys', () => {
    const hostile =
      '{"format":"brook.conversation","version":1,"__proto__":{"polluted":true},' +
      '"conversation":{"id":"existing-id","title":"t","server":"ollama","settings":{"systemPrompt":"","__proto__":{"x":1}},"onclick":"alert(1)"},' +
      '"messages":[{"id":"existing-msg","conversationId":"other","role":"user","content":"<img src=x onerror=alert(1)>","extra":"drop me"}]}';
    const result = parseConversationImport(hostile);
    if (!result.ok) throw new Error(result.error);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.conversation.id).not.toBe('existing-id');
    expect(Object.keys(result.conversation)).not.toContain('onclick');
    expect(result.messages[0]?.id).not.toBe('existing-msg');
    expect(result.messages[0]?.conversationId).toBe(result.conversation.id);
    expect(Object.keys(result.messages[0]!)).not.toContain('extra');
    // Content is kept as text; it is rendered through the sanitizing markdown view.
    expect(result.messages[0]?.content).toBe('<img src=x onerror=alert(1)>');
  });

  it('refuses oversized files before parsing and limits every field', () => {
    expect(rejects('x'.repeat(150_000_001))).toMatch(/too large/);
    expect(rejects(file({}, [{ role: 'user', content: 'x'.repeat(5_000_001) }]))).toMatch(/longer than/);
    expect(
      rejects(
        file(
          {},
          Array.from({ length: 10_001 }, () => ({ role: 'user', content: '' })),
        ),
      ),
    ).toMatch(/more than 10000 messages/);
  });

  it('turns an answer exported mid-stream into an interrupted one', () => {
    const result = parseConversationImport(
      file({}, [{ role: 'assistant', content: 'par', status: 'streaming' }]),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.messages[0]?.status).toBe('interrupted');
  });
});

describe('import through the store', () => {
  it('a bad file leaves existing conversations untouched; a good one is added and opened', async () => {
    const repo = await createIdbRepo('brook-import-test');
    const { brook, provider } = await startHarness({ repo });
    const { chat, conversations } = brook;
    await chat.send('Existing');
    provider.text('Answer');
    provider.finish();
    await until(chat, (s) => s.status === 'idle');
    const before = await repo.listConversations();

    const problem = await conversations.importJson(
      file({}, [{ role: 'user', content: 'ok' }, { role: 'bad' }]),
    );
    expect(problem.ok ? '' : problem.error).toMatch(/messages\[1\]\.role/);
    expect(await repo.listConversations()).toEqual(before);
    expect(get(conversations).active.title).toBe('Existing');

    expect(await conversations.importJson(file())).toEqual({ ok: true, message: 'Imported “Imported”.' });
    const after = await repo.listConversations();
    expect(after).toHaveLength(2);
    expect(get(conversations).active.title).toBe('Imported');
    expect(get(conversations).messages.map((m) => m.content)).toEqual(['Hi']);
    expect(await repo.listMessages(before[0]!.id)).toHaveLength(2);
  });
});
