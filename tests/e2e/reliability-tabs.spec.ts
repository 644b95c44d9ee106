/**
 * Two tabs of Brook on the same conversations: what one writes shows up in the other (while it
 * streams, as "being written in another tab", then finished), either can go on with the
 * conversation, and no message is lost or shown twice, on screen or in IndexedDB.
 */
import { configureApp, expect, openApp, sendMessage, test, ui } from './fixtures';
import { readDatabase } from './reliability-helpers';

test('two tabs: each sees the other’s messages, in order, none lost or doubled', async ({
  page,
  context,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  const second = await context.newPage();
  await openApp(second, 'llama3.2:latest');
  const a = ui(page);
  const b = ui(second);

  // Tab A asks; tab B lists the conversation at once and, opened, watches the answer being written.
  ollama.script({ tokens: Array.from({ length: 60 }, (_, i) => ` a${i}`), tokenDelayMs: 40 });
  await sendMessage(page, 'Question from A');
  const listed = second.getByTestId('conversation-item');
  await expect(listed).toHaveCount(1);
  await listed.first().click();
  await expect(b.userMessages).toHaveText(['Question from A']);
  const elsewhere = second.locator('article[data-role="assistant"][data-status="elsewhere"]');
  await expect(elsewhere).toContainText('a1');
  await expect(elsewhere.getByTestId('incomplete-marker')).toContainText('another tab');
  await expect(page.locator('article[data-status="complete"]')).toContainText('a59');
  await expect(second.locator('article[data-status="complete"]')).toContainText('a59');

  // Tab B goes on with the same conversation; tab A sees B's turn.
  ollama.script({ tokens: [' Answer', ' for', ' B'] });
  await sendMessage(second, 'Question from B');
  await expect(second.locator('article[data-status="complete"]').last()).toHaveText(/Answer for B/);
  await expect(a.userMessages).toHaveText(['Question from A', 'Question from B']);
  await expect(page.locator('article[data-status="complete"]').last()).toHaveText(/Answer for B/);
  await expect(a.answers).toHaveCount(2);
  await expect(b.answers).toHaveCount(2);

  // B's question went to the model with A's turn before it.
  const lastChat = ollama.requests.filter((r) => r.path === '/api/chat' && r.method === 'POST').at(-1);
  const sent = (lastChat?.body as { messages: Array<{ content: string }> }).messages.map((m) => m.content);
  expect(sent[0]).toBe('Question from A');
  expect(sent.at(-1)).toBe('Question from B');

  const { conversations, messages } = await readDatabase(page);
  expect(conversations).toHaveLength(1);
  expect(messages.map((m) => `${m.seq}:${m.role}:${m.status}`)).toEqual([
    '0:user:complete',
    '1:assistant:complete',
    '2:user:complete',
    '3:assistant:complete',
  ]);
  // After a reload, both tabs still agree with the database.
  await second.reload();
  await expect(b.userMessages).toHaveText(['Question from A', 'Question from B']);
  await expect(b.answers).toHaveCount(2);
});
