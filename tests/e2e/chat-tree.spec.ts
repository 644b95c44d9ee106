/**
 * The conversation tree in the built app: edit an earlier question and page between the
 * branches, regenerate a middle answer three times and page through its versions, continue a
 * stopped answer on Ollama and a cut-off one on a llama.cpp server (the emulators check the
 * request), and all of it after a reload.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { configureServers, expect, importFile, openWithOllama, sendMessage, test, ui } from './fixtures';

/** The body of the last chat request the emulator received (other calls, e.g. model lists, skipped). */
function lastChat(emulator: HttpEmulatorHandle, path: string): Record<string, unknown> {
  const request = emulator.requests.filter((r) => r.method === 'POST' && r.path === path).at(-1);
  return request?.body as Record<string, unknown>;
}

const question = (page: Page) => page.locator('article[data-role="user"]');
const pager = (article: ReturnType<Page['locator']>) => article.getByTestId('version-count');

/** Edits the first question to `text` and sends it (Enter in the edit box). */
async function editFirstQuestion(page: Page, text: string, before?: string) {
  await question(page).first().hover();
  await question(page).first().getByRole('button', { name: 'Edit message' }).click();
  const field = page.getByRole('textbox', { name: 'Edit your message' });
  if (before !== undefined) await expect(field).toHaveValue(before);
  await field.fill(text);
  await field.press('Enter');
}

async function answered(page: Page, text: string, reply: RegExp) {
  await sendMessage(page, text);
  await expect(ui(page).lastAnswer).toHaveAttribute('data-status', 'complete');
  await expect(ui(page).lastAnswer).toContainText(reply);
}

test('edit an earlier question, page between branches, and regenerate a middle answer three times', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithOllama(page, emulators);
  const app = ui(page);
  const questions = page.getByTestId('question-text');

  ollama.script({ tokens: ['Apple'] });
  await answered(page, 'Name a fruit', /Apple/);
  ollama.script({ tokens: ['Pear'] });
  await answered(page, 'Another one?', /Pear/);

  // Edit the first question: a new branch from there, answered at once.
  ollama.script({ tokens: ['Leek'] });
  await editFirstQuestion(page, 'Name a vegetable', 'Name a fruit');
  await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');
  await expect(questions).toHaveText(['Name a vegetable']);
  await expect(app.answers).toHaveText([/Leek/]);
  expect(lastChat(ollama, '/api/chat')).toMatchObject({
    messages: [{ role: 'user', content: 'Name a vegetable' }],
  });
  await expect(pager(question(page).first())).toHaveText('2 / 2');

  // Page back to the old branch and forward again: nothing is sent.
  const sent = ollama.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat').length;
  await page.getByRole('button', { name: 'Previous version of this question' }).click();
  await expect(questions).toHaveText(['Name a fruit', 'Another one?']);
  await expect(app.answers).toHaveText([/Apple/, /Pear/]);
  await expect(pager(question(page).first())).toHaveText('1 / 2');
  await page.getByRole('button', { name: 'Next version of this question' }).click();
  await expect(questions).toHaveText(['Name a vegetable']);
  await page.getByRole('button', { name: 'Previous version of this question' }).click();
  await expect(app.answers).toHaveText([/Apple/, /Pear/]);
  expect(ollama.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat')).toHaveLength(sent);

  // Regenerate the middle answer (Apple) three times.
  for (const reply of ['Banana', 'Cherry', 'Damson']) {
    ollama.script({ tokens: [reply] });
    await app.answers.first().getByRole('button', { name: 'Regenerate answer' }).click();
    await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');
    await expect(app.answers).toHaveText([new RegExp(reply)]);
    expect(lastChat(ollama, '/api/chat')).toMatchObject({
      messages: [{ role: 'user', content: 'Name a fruit' }],
    });
  }
  const answer = app.answers.first();
  await expect(pager(answer)).toHaveText('4 / 4');
  for (const [count, text] of [
    ['3 / 4', /Cherry/],
    ['2 / 4', /Banana/],
    ['1 / 4', /Apple/],
  ] as const) {
    await answer.getByRole('button', { name: 'Previous version of this answer' }).click();
    await expect(pager(answer)).toHaveText(count);
    await expect(answer).toContainText(text);
  }
  // The first version's branch carries on below it.
  await expect(questions).toHaveText(['Name a fruit', 'Another one?']);
  await expect(app.answers).toHaveText([/Apple/, /Pear/]);

  // Everything, and the branch on screen, survives a reload.
  await page.reload();
  await expect(questions).toHaveText(['Name a fruit', 'Another one?']);
  await expect(pager(app.answers.first())).toHaveText('1 / 4');
  await expect(pager(question(page).first())).toHaveText('1 / 2');
  await app.answers.first().getByRole('button', { name: 'Next version of this answer' }).click();
  await expect(app.answers).toHaveText([/Banana/]);

  // Export as JSON and import it back: the whole tree and the branch shown come along.
  await page.getByLabel('Export this chat').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-json').click(),
  ]);
  const exported = readFileSync(await download.path(), 'utf8');
  expect(JSON.parse(exported)).toMatchObject({ version: 3 });
  await importFile(page, 'tree.json', exported);
  await expect(page.getByTestId('notice-info')).toContainText('Imported “Name a fruit”');
  await expect(page.getByTestId('conversation-item')).toHaveCount(2);
  await expect(app.answers).toHaveText([/Banana/]);
  await expect(pager(app.answers.first())).toHaveText('2 / 4');
  await expect(pager(question(page).first())).toHaveText('1 / 2');
  await page.getByRole('button', { name: 'Next version of this question' }).click();
  await expect(questions).toHaveText(['Name a vegetable']);
});

test('an Open WebUI export is imported with its branches, and says what was not carried over', async ({
  page,
  emulators,
}) => {
  await openWithOllama(page, emulators);
  const message = (id: string, parentId: string | null, role: string, content: string, extra = {}) => ({
    id,
    parentId,
    role,
    content,
    timestamp: 1_718_000_000,
    ...extra,
  });
  const file = [
    {
      id: 'c',
      title: 'From Open WebUI',
      created_at: 1_718_000_000,
      updated_at: 1_718_000_100,
      meta: { tags: ['x'] },
      chat: {
        models: ['llama3:8b'],
        history: {
          currentId: 'a2',
          messages: {
            q: message('q', null, 'user', 'Hello <img src=x onerror=alert(1)>', {
              files: [{ type: 'image', url: 'data:image/png;base64,AAAA' }],
            }),
            a1: message('a1', 'q', 'assistant', 'First answer'),
            a2: message(
              'a2',
              'q',
              'assistant',
              '<details type="reasoning" done="true">\n<summary>Thought</summary>\n> hmm\n</details>\nSecond answer',
            ),
          },
        },
      },
    },
  ];
  await importFile(page, 'chat-export.json', JSON.stringify(file));
  const notice = page.getByTestId('notice-info');
  await expect(notice).toContainText('Imported “From Open WebUI” from Open WebUI.');
  await expect(notice).toContainText('Not carried over: images');
  await expect(notice).toContainText('Not carried over: tags (1)');
  await expect(page.getByTestId('question-text')).toHaveText(['Hello <img src=x onerror=alert(1)>']);
  await expect(page.locator('article img')).toHaveCount(0);
  await expect(ui(page).answers).toHaveText([/Second answer/]);
  await expect(pager(ui(page).answers.first())).toHaveText('2 / 2');

  // Delete a version (asked first), then undo; delete the chat, then undo.
  const answer = ui(page).answers.first();
  await answer.getByRole('button', { name: 'Delete this version of the answer' }).click();
  await answer.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(ui(page).answers).toHaveText([/First answer/]);
  await expect(pager(ui(page).answers.first())).toHaveCount(0);
  await expect(page.getByTestId('undo-notice')).toContainText('Deleted a version (1 message)');
  await page.getByTestId('undo-button').click();
  await expect(ui(page).answers).toHaveText([/Second answer/]);
  await expect(pager(ui(page).answers.first())).toHaveText('2 / 2');

  const item = page.getByTestId('conversation-item').first(); // the only chat
  await item.getByRole('button', { name: 'Delete From Open WebUI' }).click();
  await item.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
  await expect(page.getByTestId('undo-notice')).toContainText('Deleted “From Open WebUI”');
  await page.getByTestId('undo-button').click();
  await expect(page.getByTestId('conversation-item')).toHaveText(['From Open WebUI']);
  await expect(ui(page).answers).toHaveText([/Second answer/]);
  await page.reload();
  await expect(page.getByTestId('conversation-item')).toHaveText(['From Open WebUI']);
  await expect(pager(ui(page).answers.first())).toHaveText('2 / 2');

  await importFile(page, 'notes.json', JSON.stringify({ some: 'thing' }));
  await expect(page.getByTestId('notice-error')).toContainText('Open WebUI chat exports');
});

test('continue a stopped answer on Ollama: the partial text goes back as the last message', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithOllama(page, emulators);
  const app = ui(page);

  ollama.script({ tokens: ['One,', ' two,', ' three'], stallAfterTokens: 2 });
  await sendMessage(page, 'Count to five');
  await expect(app.liveAnswer).toContainText('One, two,');
  await app.stop.click();
  await expect(app.lastAnswer).toHaveAttribute('data-status', 'stopped');

  ollama.script({ tokens: [' three,', ' four,', ' five.'] });
  await app.lastAnswer.getByTestId('continue-answer').click();
  await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');
  await expect(app.answers).toHaveCount(1);
  await expect(app.lastAnswer).toContainText('One, two, three, four, five.');
  expect(lastChat(ollama, '/api/chat')).toMatchObject({
    messages: [
      { role: 'user', content: 'Count to five' },
      { role: 'assistant', content: 'One, two,' },
    ],
  });
  await expect(app.lastAnswer.getByTestId('continued-note')).toHaveCount(0);

  await page.reload();
  await expect(app.lastAnswer).toContainText('One, two, three, four, five.');
  await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');
});

test('continue a cut-off answer on a llama.cpp server: continue_final_message, checked by the server', async ({
  page,
  emulators,
}) => {
  const llama = await emulators.lmstudio({ cors: true, flavor: 'llama.cpp' });
  await configureServers(
    page,
    [
      {
        id: 'llama',
        kind: 'openai-compatible',
        name: 'llama.cpp server',
        url: llama.url,
        preset: 'llama-cpp',
      },
    ],
    { models: { llama: 'qwen2.5-7b-instruct' } },
  );
  await page.goto('/');
  const app = ui(page);
  await expect(app.modelSelect).toHaveValue('qwen2.5-7b-instruct');

  llama.script({ tokens: ['Old pond,'], finishReason: 'length' });
  await sendMessage(page, 'Write a haiku');
  await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');
  // No Max tokens set for this chat: the note says the server's limit or the context did it.
  await expect(app.lastAnswer.getByTestId('cut-off-note')).toContainText("Cut off by the server's limit");

  llama.script({ tokens: [' a frog jumps in.'] });
  await app.lastAnswer.getByTestId('continue-answer').click();
  await expect(app.lastAnswer).toContainText('Old pond, a frog jumps in.');
  await expect(app.lastAnswer.getByTestId('cut-off-note')).toHaveCount(0);
  const body = lastChat(llama, '/v1/chat/completions');
  expect(body).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
  expect((body['messages'] as unknown[]).slice(-2)).toEqual([
    { role: 'user', content: 'Write a haiku' },
    { role: 'assistant', content: 'Old pond,' },
  ]);
});

test('search (Ctrl+K) finds a word in an old branch and opens the conversation there', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithOllama(page, emulators);
  const app = ui(page);
  const questions = page.getByTestId('question-text');

  ollama.script({ tokens: ['Try a persimmon (it is sweet).'] });
  await answered(page, 'Name an unusual fruit', /persimmon/);
  // Edit the question: the persimmon answer is now on an old branch.
  ollama.script({ tokens: ['Kohlrabi.'] });
  await editFirstQuestion(page, 'Name an unusual vegetable');
  await expect(app.answers).toHaveText([/Kohlrabi/]);
  await page.getByTestId('new-chat').click();
  ollama.script({ tokens: ['Plain (.*) text.'] });
  await answered(page, 'Something else [x]', /Plain/);

  await page.keyboard.press('Control+k');
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();
  await input.fill('PERSIMMON');
  const hits = page.getByTestId('search-hit');
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toContainText('Name an unusual fruit'); // the title (the first question)
  await expect(hits.first().locator('mark')).toHaveText('persimmon');

  // Hostile queries: regex characters match themselves, a huge query finds nothing, no error.
  await input.fill('(.*)');
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toContainText('Something else [x]');
  await input.fill('x'.repeat(10_000));
  await expect(page.getByTestId('search-status')).toContainText('Nothing found');
  await input.fill('');
  await expect(hits).toHaveCount(0);

  await input.fill('persimmon');
  await expect(hits).toHaveCount(1);
  await input.press('Enter');
  await expect(page.getByTestId('search-dialog')).not.toBeVisible();
  await expect(questions).toHaveText(['Name an unusual fruit']);
  await expect(app.answers).toHaveText([/persimmon/]);
  await expect(page.locator('article.found')).toHaveCount(1);
  await expect(pager(question(page).first())).toHaveText('1 / 2');

  // The sidebar button opens the same search.
  await page.getByTestId('open-search').click();
  await expect(page.getByTestId('search-input')).toBeFocused();
});

test('find in the chat (Ctrl+F): every message holding the word, one after another, marked', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithOllama(page, emulators);
  for (const [question, reply, shown] of [
    ['First: a Pear?', 'Yes, a **pear**.', /Yes, a pear\./],
    ['Second', 'No fruit here.', /No fruit here\./],
    ['Third', 'Pears again, and pears.', /Pears again, and pears\./],
  ] as const) {
    ollama.script({ tokens: [reply] });
    await answered(page, question, shown);
  }
  await expect(ui(page).answers).toHaveCount(3);
  await page.keyboard.press('Control+f');
  const input = page.getByTestId('find-input');
  await expect(input).toBeFocused();
  await input.fill('pear');
  const count = page.getByTestId('find-count');
  await expect(count).toHaveText('3 of 3 messages'); // starts at the latest
  const marks = () =>
    page.evaluate(() => ({
      all: CSS.highlights.get('brook-find')?.size ?? 0,
      current: CSS.highlights.get('brook-find-current')?.size ?? 0,
    }));
  await expect.poll(marks).toEqual({ all: 2, current: 2 }); // "Pears … pears" is current
  await input.press('Enter');
  await expect(count).toHaveText('2 of 3 messages');
  await expect.poll(marks).toEqual({ all: 3, current: 1 }); // the rendered "pear" of the first answer
  await input.press('Shift+Enter');
  await expect(count).toHaveText('3 of 3 messages');
  await input.fill('(.*)');
  await expect(count).toHaveText('Not found');
  await input.press('Escape');
  await expect(page.getByTestId('find-bar')).toHaveCount(0);
  expect(await marks()).toEqual({ all: 0, current: 0 });
});
