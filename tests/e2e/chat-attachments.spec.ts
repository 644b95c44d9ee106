/**
 * Attachments in the built app in Chromium, against the emulators: images pasted and dropped,
 * sent to Ollama, LM Studio's REST API and LM Studio native, each in its own wire format with the
 * exact bytes; a text file and a PDF in the prompt; reload and export/import keep every byte;
 * large and sideways photos prepared off the page; bad files refused with what to do.
 */
import { readFileSync } from 'node:fs';
import { startLMStudioNativeEmulator } from '../emulators/lmstudio-native-emulator';
import { ollamaImages, openAIImages } from '../emulators/image-checks';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import type { OllamaModelEntry } from '../emulators/ollama-emulator-models';
import { DEFAULT_OLLAMA_MODELS } from '../emulators/ollama-emulator-models';
import { encryptedPdf, imageOnlyPdf, textPdf } from '../support/pdf-files';
import { solidPng, withExifOrientation } from '../support/png';
import { jpegOrientation } from '../../src/lib/attachments/exif-orientation';
import type { Page } from '@playwright/test';
import {
  configureApp,
  expect,
  openApp,
  openWithOllama,
  screenshot,
  sendMessage,
  test,
  ui,
  type Emulators,
} from './fixtures';
import {
  attachedReady,
  canvasJpeg,
  decodedSize,
  dropFiles,
  pasteFiles,
  pickFiles,
  type TestFile,
} from './attachments-helpers';

const LLAVA: OllamaModelEntry = {
  name: 'llava:7b',
  family: 'llama',
  parameterSize: '7B',
  quantization: 'Q4_0',
  sizeBytes: 4_733_363_377,
  capabilities: ['completion', 'vision'],
  contextLength: 32768,
};

const red: TestFile = { name: 'red.png', mimeType: 'image/png', bytes: solidPng(6, 4, [220, 30, 30, 255]) };
const blue: TestFile = { name: 'blue.png', mimeType: 'image/png', bytes: solidPng(5, 5, [30, 30, 220, 255]) };

type Body = { messages: unknown };
const lastChat = (emulator: HttpEmulatorHandle, path: string) =>
  emulator.requests.filter((r) => r.method === 'POST' && r.path === path).at(-1)?.body as Body;

/** The app on an Ollama emulator that also has a vision model, llava:7b, chosen. */
async function openWithLlava(page: Page, emulators: Emulators): Promise<HttpEmulatorHandle> {
  const ollama = await emulators.ollama({ models: [LLAVA, ...DEFAULT_OLLAMA_MODELS] });
  await configureApp(page, { urls: { ollama: ollama.url }, models: { ollama: 'llava:7b' } });
  await openApp(page, 'llava:7b');
  return ollama;
}

function images(found: ReturnType<typeof ollamaImages>): Buffer[] {
  if ('error' in found) throw new Error(found.error);
  return found.images.map((image) => image.bytes);
}

test('a pasted and a dropped image reach Ollama, LM Studio REST and LM Studio native byte for byte', async ({
  page,
  emulators,
}) => {
  const ollama = await emulators.ollama({ models: [LLAVA, ...DEFAULT_OLLAMA_MODELS] });
  const lmstudio = await emulators.lmstudio({ cors: true });
  const native = await startLMStudioNativeEmulator({ cors: true });
  try {
    ollama.script({ tokens: ['A red', ' and a blue', ' square.'] });
    lmstudio.script({ tokens: ['Still', ' two squares.'] });
    native.script({ tokens: ['Red', ' first.'] });
    await configureApp(page, {
      urls: { ollama: ollama.url, 'lmstudio-rest': lmstudio.url, 'lmstudio-native': native.url },
      models: { ollama: 'llava:7b' },
    });
    await openApp(page, 'llava:7b');
    const app = ui(page);

    await app.input.fill('What are these?');
    await pasteFiles(page, [red]);
    await dropFiles(page, [blue]);
    await attachedReady(page, 2);
    await expect(page.getByTestId('composer-attachment')).toContainText([
      /red\.png\s+6×4/,
      /blue\.png\s+5×5/,
    ]);
    await expect(page.getByTestId('vision-warning')).toHaveCount(0); // llava lists vision
    await expect(app.input).toHaveValue('What are these?'); // the paste added files, not text
    await screenshot(page, '30-attachments-composer');
    await app.input.press('Enter');
    await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');
    await expect(page.getByTestId('composer-attachment')).toHaveCount(0);
    await expect(page.getByTestId('message-image')).toHaveCount(2);
    await expect(page.getByTestId('message-image').locator('img')).toHaveCount(2);

    // Ollama: messages[].images, base64 without a data: prefix, the exact bytes.
    const toOllama = lastChat(ollama, '/api/chat');
    expect(images(ollamaImages(toOllama.messages))).toEqual([
      Buffer.from(red.bytes),
      Buffer.from(blue.bytes),
    ]);
    expect(toOllama.messages).toMatchObject([{ role: 'user', content: 'What are these?' }]);

    // LM Studio REST (OpenAI content parts, data URLs): the whole history goes, images included.
    await app.serverSelect.selectOption('lmstudio-rest');
    await sendMessage(page, 'Still two?');
    await expect(app.lastAnswer).toContainText('Still two squares.');
    const toLMStudio = lastChat(lmstudio, '/v1/chat/completions');
    expect(images(openAIImages(toLMStudio.messages))).toEqual([
      Buffer.from(red.bytes),
      Buffer.from(blue.bytes),
    ]);
    expect((toLMStudio.messages as { content: unknown }[])[0]?.content).toEqual([
      { type: 'text', text: 'What are these?' },
      {
        type: 'image_url',
        image_url: { url: `data:image/png;base64,${Buffer.from(red.bytes).toString('base64')}` },
      },
      {
        type: 'image_url',
        image_url: { url: `data:image/png;base64,${Buffer.from(blue.bytes).toString('base64')}` },
      },
    ]);

    // LM Studio native: each image uploaded through the SDK, then file parts before the text.
    await app.serverSelect.selectOption('lmstudio-native');
    await sendMessage(page, 'Which first?');
    await expect(app.lastAnswer).toContainText('Red first.');
    const uploads = native.requests.filter((r) => r.path === '/files/uploadFileBase64');
    expect(
      uploads.map((u) => (u.body as { parameter: { name: string; contentBase64: string } }).parameter),
    ).toEqual([
      { name: 'red.png', contentBase64: Buffer.from(red.bytes).toString('base64') },
      { name: 'blue.png', contentBase64: Buffer.from(blue.bytes).toString('base64') },
    ]);
    const predict = native.requests.filter((r) => r.path === '/llm/predict').at(-1)!;
    const history = (
      predict.body as { creationParameter: { history: { messages: { content: unknown[] }[] } } }
    ).creationParameter.history.messages;
    expect(history[0]?.content).toEqual([
      expect.objectContaining({
        type: 'file',
        name: 'red.png',
        fileType: 'image',
        sizeBytes: red.bytes.length,
      }),
      expect.objectContaining({
        type: 'file',
        name: 'blue.png',
        fileType: 'image',
        sizeBytes: blue.bytes.length,
      }),
      { type: 'text', text: 'What are these?' },
    ]);

    // A thumbnail opens the full view.
    await page.getByTestId('message-image').first().click();
    await expect(page.getByTestId('image-viewer')).toBeVisible();
    await expect(page.getByTestId('image-viewer')).toContainText('red.png');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('image-viewer')).toHaveCount(0);
  } finally {
    await native.close();
  }
});

test('a text file and a PDF go into the prompt; reload and export/import keep every file', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithLlava(page, emulators);
  ollama.script({ tokens: ['Read', ' them.'] });
  const app = ui(page);

  const csv = 'city,people\nOslo,709000\nBergen,291000\n';
  await pickFiles(page, [
    { name: 'cities.csv', mimeType: 'text/csv', bytes: new TextEncoder().encode(csv) },
    {
      name: 'report.pdf',
      mimeType: 'application/pdf',
      bytes: textPdf(['Fjords are long.', 'Page two says hi.']),
    },
    red,
  ]);
  await attachedReady(page, 3);
  await expect(page.getByTestId('composer-attachment').nth(0)).toContainText(
    `~${Math.ceil(csv.length / 4)} tokens`,
  );
  await expect(page.getByTestId('composer-attachment').nth(1)).toContainText('PDF · 2 pages');
  await sendMessage(page, 'Summarise the files.');
  await expect(app.lastAnswer).toHaveAttribute('data-status', 'complete');

  const sent = (lastChat(ollama, '/api/chat').messages as { content: string; images?: string[] }[])[0]!;
  expect(sent.content).toBe(
    `File: cities.csv\n\`\`\`csv\n${csv}\`\`\`\n\nFile: report.pdf (2 pages)\n\`\`\`\nFjords are long.\n\nPage two says hi.\n\`\`\`\n\nSummarise the files.`,
  );
  expect(sent.images).toEqual([Buffer.from(red.bytes).toString('base64')]);

  // The chip expands to the text the model got.
  await page.getByTestId('message-file').filter({ hasText: 'report.pdf' }).getByRole('button').click();
  await expect(page.getByTestId('message-file-text')).toHaveText('Fjords are long.\n\nPage two says hi.');
  await screenshot(page, '32-attachments-sent');

  // After a reload everything is read back from IndexedDB, and a new turn sends it again.
  await page.reload();
  await expect(page.getByTestId('message-image').locator('img')).toHaveCount(1);
  await expect(page.getByTestId('message-file')).toHaveText([/cities\.csv/, /report\.pdf.*2 pages/]);
  ollama.script({ tokens: ['Again.'] });
  await sendMessage(page, 'Once more.');
  await expect(app.lastAnswer).toContainText('Again.');
  const again = (lastChat(ollama, '/api/chat').messages as { content: string; images?: string[] }[])[0]!;
  expect(again).toEqual(sent);

  // Delete the chat and Undo: the files come back from real IndexedDB, readable, and go again.
  const item = page.getByTestId('conversation-item').first(); // the only chat
  await item.getByRole('button', { name: 'Delete Summarise the files.' }).click();
  await item.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(0);
  await page.getByTestId('undo-button').click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(page.getByTestId('message-image').locator('img')).toHaveCount(1);
  ollama.script({ tokens: ['Restored.'] });
  await sendMessage(page, 'After undo.');
  await expect(app.lastAnswer).toContainText('Restored.');
  expect((lastChat(ollama, '/api/chat').messages as { content: string; images?: string[] }[])[0]).toEqual(
    sent,
  );

  // Export as JSON and import it back: a new conversation whose request carries the same bytes.
  await page.getByLabel('Export this chat').click();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const exported = readFileSync(await json.path(), 'utf8');
  await page.getByTestId('import-input').setInputFiles({
    name: 'exported.json',
    mimeType: 'application/json',
    buffer: Buffer.from(exported, 'utf8'),
  });
  await expect(page.getByText(/Imported “/)).toBeVisible();
  await expect(page.getByTestId('message-image').locator('img')).toHaveCount(1);
  ollama.script({ tokens: ['Imported.'] });
  await sendMessage(page, 'From the import.');
  await expect(app.lastAnswer).toContainText('Imported.');
  const imported = (lastChat(ollama, '/api/chat').messages as { content: string; images?: string[] }[])[0]!;
  expect(imported).toEqual(sent);
});

test('a large photo is downscaled and a sideways one turned upright, off the page', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithLlava(page, emulators);
  ollama.script({ tokens: ['Two', ' photos.'] });

  const wide = {
    name: 'wide.png',
    mimeType: 'image/png',
    bytes: solidPng(3000, 1000, [10, 160, 60, 255], 6),
  };
  // Stored 40×20 and marked "rotate 90° clockwise" (EXIF orientation 6), as phones do.
  const sideways = {
    name: 'phone.jpg',
    mimeType: 'image/jpeg',
    bytes: withExifOrientation(await canvasJpeg(page, 40, 20), 6),
  };
  await pickFiles(page, [wide, sideways]);
  await attachedReady(page, 2);
  await expect(page.getByTestId('composer-attachment')).toContainText([
    /wide\.png\s+2048×683/,
    /phone\.jpg\s+20×40/,
  ]);
  await sendMessage(page, 'Describe.');
  await expect(ui(page).lastAnswer).toHaveAttribute('data-status', 'complete');

  const [sentWide, sentPhone] = images(ollamaImages(lastChat(ollama, '/api/chat').messages));
  expect(await decodedSize(page, sentWide!)).toEqual({ width: 2048, height: 683 });
  expect(sentPhone!.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // re-encoded as JPEG
  // Upright in its pixels (servers ignore EXIF): no orientation left to apply, and 20 wide by 40 high.
  expect(jpegOrientation(sentPhone!)).toBe(1);
  expect(jpegOrientation(sideways.bytes)).toBe(6);
  expect(await decodedSize(page, sentPhone!)).toEqual({ width: 20, height: 40 });
});

test('bad files each get a clear message, and nothing typed or attached is lost', async ({
  page,
  emulators,
}) => {
  const ollama = await openWithOllama(page, emulators);
  const app = ui(page);
  await app.input.fill('Keep these words');
  await pickFiles(page, [red]);
  await attachedReady(page, 1);

  const refusals = page.getByTestId('attachment-refusals');
  const corrupt = new Uint8Array([...solidPng(2, 2).subarray(0, 40), 1, 2, 3, 4, 5]);
  // A tiny PNG whose header claims 50,000 × 50,000 pixels: refused before anything decodes it.
  const bomb = Buffer.from(solidPng(1, 1));
  bomb.writeUInt32BE(50_000, 16);
  bomb.writeUInt32BE(50_000, 20);
  await pickFiles(page, [
    { name: 'empty.txt', mimeType: 'text/plain', bytes: new Uint8Array() },
    { name: 'fake.png', mimeType: 'image/png', bytes: new TextEncoder().encode('not an image at all') },
    { name: 'broken.png', mimeType: 'image/png', bytes: corrupt },
    {
      name: 'logo.svg',
      mimeType: 'image/svg+xml',
      bytes: new TextEncoder().encode('<svg onload="alert(1)"/>'),
    },
    { name: 'locked.pdf', mimeType: 'application/pdf', bytes: encryptedPdf() },
    { name: 'scan.pdf', mimeType: 'application/pdf', bytes: imageOnlyPdf(2) },
    { name: 'app.zip', mimeType: 'application/zip', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]) },
    { name: 'bomb.png', mimeType: 'image/png', bytes: bomb },
  ]);
  await expect(refusals.locator('li')).toHaveCount(8);
  await expect(refusals).toContainText(
    '“bomb.png” is 50000×50000 pixels; Brook takes images up to 150 megapixels',
  );
  await expect(refusals).toContainText('“empty.txt” is empty (0 bytes)');
  await expect(refusals).toContainText('“fake.png” is named as an image but its contents are not');
  await expect(refusals).toContainText('“broken.png” could not be decoded as an image');
  await expect(refusals).toContainText('“logo.svg” is an SVG drawing');
  await expect(refusals).toContainText('“locked.pdf” is password-protected');
  await expect(refusals).toContainText('“scan.pdf” (2 pages) has no text layer');
  await expect(refusals).toContainText('“app.zip” is not an image, a text file or a PDF');
  await screenshot(page, '31-attachment-refusals');
  await expect(app.input).toHaveValue('Keep these words');
  await attachedReady(page, 1);

  // Thirty images at once: the first nine fill the message up to ten; the rest are named.
  const many = Array.from({ length: 30 }, (_, i) => ({ ...red, name: `p${i}.png` }));
  await pickFiles(page, many);
  await expect(refusals).toContainText('A message takes up to 10 files: 21 more were not attached.');
  await attachedReady(page, 10);

  // A paste of a web page's picture (HTML naming a remote image) is not a file: said, nothing loads.
  await app.input.evaluate((input) => {
    const data = new DataTransfer();
    data.setData('text/html', '<img src="http://198.51.100.7/tracker.png">');
    input.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  });
  await expect(refusals).toContainText('The pasted image is a link to a picture on a web page, not a file.');
  await expect(app.input).toHaveValue('Keep these words');

  // llama3.2 lists no vision: the composer says so, and sending anyway works.
  await expect(page.getByTestId('vision-warning')).toContainText('“llama3.2:latest” does not list vision');
  ollama.script({ tokens: ['I cannot see images.'] });
  await app.input.press('Enter');
  await expect(app.lastAnswer).toContainText('I cannot see images.');
});

test('a server that refuses images says to pick a vision model, and the question keeps its files', async ({
  page,
  emulators,
}) => {
  const lmstudio = await emulators.lmstudio({ cors: true, visionModels: ['qwen/qwen3-4b'] });
  await configureApp(page, { urls: { 'lmstudio-rest': lmstudio.url }, server: 'lmstudio-rest' });
  await openApp(page, 'qwen2.5-7b-instruct');
  await pickFiles(page, [red]);
  await attachedReady(page, 1);
  // LM Studio marks only qwen3-4b as a vision model (`vlm`): the composer warns first.
  await expect(page.getByTestId('vision-warning')).toContainText(
    '“qwen2.5-7b-instruct” does not list vision',
  );
  await sendMessage(page, 'What is it?');
  await expect(ui(page).lastAnswer).toContainText('Model does not support images');
  await expect(ui(page).lastAnswer).toContainText('pick a vision model');
  // The model that takes images answers the same question.
  await ui(page).modelSelect.selectOption('qwen/qwen3-4b');
  lmstudio.script({ tokens: ['A red square.'] });
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(ui(page).lastAnswer).toContainText('A red square.');
  const retried = lastChat(lmstudio, '/v1/chat/completions');
  expect(retried).toMatchObject({ model: 'qwen/qwen3-4b' });
  expect(images(openAIImages(retried.messages))).toEqual([Buffer.from(red.bytes)]);
});
