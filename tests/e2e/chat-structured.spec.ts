import { configureApp, expect, openApp, screenshot, sendMessage, test } from './fixtures';

const SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: 'integer' } },
  required: ['city', 'population'],
};

test('JSON schema: the schema is validated, sent as `format`, and the answer shows as formatted JSON', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ['{"city":', '"Oslo",', '"population":', '709037}'], tokenDelayMs: 20 });
  await configureApp(page, { urls: { ollama: ollama.url } });
  await openApp(page, 'llama3.2:latest');

  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-conversation').click();
  await page.getByTestId('response-format-json-schema').check();
  const schema = page.getByTestId('json-schema');
  await schema.fill('{"type": "object",}');
  await expect(page.getByTestId('json-schema-error')).toContainText('This is not valid JSON');
  await expect(schema).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'structured-settings');
  await schema.fill(JSON.stringify(SCHEMA));
  await expect(page.getByTestId('json-schema-error')).toHaveCount(0);
  await schema.press('Tab');
  await page.getByRole('button', { name: 'Close settings' }).click();

  await sendMessage(page, 'Largest city of Norway?');
  const answer = page.locator('article[data-role="assistant"][data-status="complete"]');
  const body = answer.locator('[data-testid="answer-body"][data-format="json"]');
  const code = body.locator('pre code');
  // Pretty-printed (two-space indent) and highlighted once complete.
  await expect(code).toHaveText('{\n  "city": "Oslo",\n  "population": 709037\n}');
  await expect(code.locator('.hljs-attr').first()).toHaveText('"city"');
  await screenshot(page, 'structured-json');

  const request = ollama.requests.find((r) => r.method === 'POST' && r.path === '/api/chat');
  expect((request?.body as { format?: unknown }).format).toEqual(SCHEMA);
});

test('JSON: an answer that is not valid JSON is shown raw, as the model wrote it', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama();
  ollama.script({ tokens: ['{"a": 1,', ' "b": '], finishReason: 'length' });
  await configureApp(page, { urls: { ollama: ollama.url }, conversation: { responseFormat: 'json' } });
  await openApp(page, 'llama3.2:latest');
  await sendMessage(page, 'Some JSON please');
  const answer = page.locator('article[data-role="assistant"][data-status="complete"]');
  await expect(answer.locator('[data-format="json"] pre code')).toHaveText('{"a": 1, "b":');
  const request = ollama.requests.find((r) => r.method === 'POST' && r.path === '/api/chat');
  expect((request?.body as { format?: unknown }).format).toBe('json');
});
