import { configureApp, expect, openApp, screenshot, sendMessage, test, ui } from './fixtures';

interface WireMessage {
  role: string;
  content: string;
  tool_calls?: { function: { name: string; arguments: Record<string, unknown> } }[];
  tool_name?: string;
}

test('tool calling: the model calls calculate, Brook runs it, sends the result and shows both', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  // First answer: only a tool call. The answer to the request carrying the result: the text.
  ollama.script({
    tokens: [],
    toolCalls: [{ name: 'calculate', arguments: { expression: '6 * 7' } }],
    then: { tokens: ['6', ' × ', '7', ' is', ' **42**', '.'], tokenDelayMs: 10 },
  });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');

  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-conversation').click();
  await page.getByTestId('tool-calculate').check();
  await page.getByRole('button', { name: 'Close settings' }).click();

  await sendMessage(page, 'What is 6 times 7?');
  const answer = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect(answer.getByTestId('answer-body')).toHaveText('6 × 7 is 42.');
  await expect(answer.locator('strong')).toHaveText('42');

  // The tool call, apart from the text: name, arguments, and what Brook sent back.
  const call = answer.getByTestId('tool-call');
  await expect(call).toHaveCount(1);
  await expect(call.getByTestId('tool-call-name')).toHaveText('calculate');
  await expect(call.getByTestId('tool-call-arguments')).toHaveText('{"expression":"6 * 7"}');
  await expect(call.getByTestId('tool-call-result')).toHaveText('{"expression":"6 * 7","result":42}');
  await expect(ui(page).answers).toHaveCount(1);
  await screenshot(page, 'tools-calculate');

  const chats = ollama.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat');
  expect(chats).toHaveLength(2);
  const first = chats[0]?.body as { tools?: { function: { name: string } }[] };
  expect(first.tools?.map((tool) => tool.function.name)).toEqual(['calculate']);
  const second = chats[1]?.body as { messages: WireMessage[] };
  expect(second.messages).toEqual([
    { role: 'user', content: 'What is 6 times 7?' },
    {
      role: 'assistant',
      content: '',
      tool_calls: [{ function: { name: 'calculate', arguments: { expression: '6 * 7' } } }],
    },
    { role: 'tool', content: '{"expression":"6 * 7","result":42}', tool_name: 'calculate' },
  ]);

  // The round is saved with the answer: it is there after a reload.
  await page.reload();
  await expect(page.getByTestId('tool-call-result')).toHaveText('{"expression":"6 * 7","result":42}');
  await expect(page.getByTestId('answer-body')).toHaveText('6 × 7 is 42.');
});

test('tool calls of a chat without tools are shown, not run', async ({ page, emulators }) => {
  const ollama = await emulators.ollama();
  ollama.script({
    tokens: ['Let me compute.'],
    toolCalls: [{ name: 'calculate', arguments: { expression: '1+1' } }],
  });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'One plus one?');
  const answer = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect(answer.getByTestId('tool-call-name')).toHaveText('calculate');
  await expect(answer.getByTestId('tool-call-result')).toHaveCount(0);
  await expect(answer.getByTestId('tool-calls-note')).toContainText('not enabled for this chat');
  expect(ollama.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat')).toHaveLength(1);
});
