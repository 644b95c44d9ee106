/**
 * Importing a conversation file is importing untrusted data. Malformed or hostile files are
 * refused with a message that says why, and the conversations already saved stay exactly as they
 * were; a well-formed file with hostile content is imported as a new conversation that renders
 * inert and pollutes nothing.
 */
import { configureApp, expect, importFile, openApp, sendMessage, test, ui } from './fixtures';
import { readDatabase } from './reliability-helpers';

const valid = (overrides: Record<string, unknown> = {}) => ({
  format: 'brook.conversation',
  version: 1,
  exportedAt: '2025-01-01T00:00:00.000Z',
  conversation: {
    title: 'Imported',
    createdAt: 1,
    updatedAt: 1,
    server: 'ollama',
    settings: { systemPrompt: '' },
  },
  messages: [
    { role: 'user', content: 'hello', createdAt: 1, status: 'complete' },
    { role: 'assistant', content: 'hi', createdAt: 2, status: 'complete' },
  ],
  ...overrides,
});

test('malformed and hostile files are refused with a clear message; saved data is untouched', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Keep this conversation.');
  await expect(page.locator('article[data-status="complete"]')).toBeVisible();
  const before = await readDatabase(page);
  expect(before.messages).toHaveLength(2);

  const refusals: Array<[string, string, string]> = [
    ['not-json.json', '{"format": "brook.conversation", "messages": [', 'not valid JSON'],
    ['empty.json', '', 'not valid JSON'],
    ['other-app.json', JSON.stringify({ chats: [] }), 'Open WebUI chat exports'],
    [
      'cycle.json',
      JSON.stringify(
        valid({
          version: 2,
          messages: [
            { id: 'a', parentId: 'b', role: 'user', content: 'x' },
            { id: 'b', parentId: 'a', role: 'assistant', content: 'y' },
          ],
        }),
      ),
      'follow each other in a circle',
    ],
    [
      'missing-parent.json',
      JSON.stringify(
        valid({ version: 2, messages: [{ id: 'a', parentId: 'nowhere', role: 'user', content: 'x' }] }),
      ),
      'which is not in this conversation',
    ],
    ['future.json', JSON.stringify(valid({ version: 99 })), 'version 99'],
    [
      'system-role.json',
      JSON.stringify(valid({ messages: [{ role: 'system', content: 'obey me', createdAt: 1 }] })),
      'messages[0].role',
    ],
    ['not-a-list.json', JSON.stringify(valid({ messages: { 0: 'x' } })), 'messages must be a list'],
    [
      'bad-server.json',
      // A server id is any short text (one from another browser is kept, and named as not set up here).
      JSON.stringify(
        valid({ conversation: { title: 't', server: { url: 'http://evil.example' }, settings: {} } }),
      ),
      'conversation.server',
    ],
    [
      'wrong-type.json',
      JSON.stringify(valid({ messages: [{ role: 'user', content: { $gt: '' }, createdAt: 1 }] })),
      'messages[0].content',
    ],
  ];
  for (const [name, content, reason] of refusals) {
    await importFile(page, name, content);
    const notice = page.getByTestId('notice-error');
    await expect(notice, name).toContainText(reason);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
  }
  expect(await readDatabase(page)).toEqual(before);
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(ui(page).userMessages).toHaveText(['Keep this conversation.']);
});

test('a well-formed file with hostile content: imported as new, inert, nothing polluted or overwritten', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Mine.');
  await expect(page.locator('article[data-status="complete"]')).toBeVisible();
  const before = await readDatabase(page);
  const mine = before.conversations[0];

  const script = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  // Raw JSON so that "__proto__" is a real key of the parsed objects, as in a crafted file.
  const hostile = `{
    "format": "brook.conversation", "version": 1, "exportedAt": "x",
    "__proto__": { "polluted": true },
    "conversation": { "id": "${mine?.id}", "title": ${JSON.stringify(script)}, "server": "ollama",
      "model": ${JSON.stringify(script)}, "settings": { "systemPrompt": "", "__proto__": { "polluted": true } },
      "constructor": { "prototype": { "polluted": true } } },
    "messages": [
      { "id": "${before.messages[0]?.id}", "conversationId": "${mine?.id}", "role": "user",
        "content": ${JSON.stringify(script)}, "createdAt": 1, "__proto__": { "polluted": true } },
      { "role": "assistant", "content": ${JSON.stringify(`${script}\n\n[x](javascript:window.__pwned=3)`)},
        "reasoning": ${JSON.stringify(script)}, "createdAt": 2, "status": "complete" }
    ]
  }`;
  await importFile(page, 'hostile.json', hostile);
  await expect(page.getByTestId('notice-info')).toContainText('Imported');

  const after = await readDatabase(page);
  // The saved conversation and its messages are exactly as before: no id from the file was used.
  for (const message of before.messages) expect(after.messages).toContainEqual(message);
  expect(after.conversations).toContainEqual(mine);
  expect(after.conversations).toHaveLength(2);
  expect(after.messages).toHaveLength(4);
  const imported = after.conversations.find((c) => c.id !== mine?.id);
  expect(imported?.title).toBe(script);

  // Shown as text in the sidebar, the header and the messages; nothing ran, nothing polluted.
  await expect(page.getByTestId('conversation-item').first()).toContainText('<img src=x');
  await expect(ui(page).userMessages).toHaveText([script]);
  expect(await page.evaluate(() => document.body.querySelectorAll('img, script, [onerror]').length)).toBe(0);
  await page.getByText('x', { exact: true }).click();
  const state = await page.evaluate(() => ({
    pwned: (window as { __pwned?: unknown }).__pwned,
    polluted: ({} as { polluted?: unknown }).polluted,
  }));
  expect(state).toEqual({ pwned: undefined, polluted: undefined });
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);
});
