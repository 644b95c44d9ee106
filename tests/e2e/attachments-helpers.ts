/**
 * Putting files into the app as a user does: picking them (the composer's file input), pasting
 * (a paste event carrying files) and dropping them on the page. Bytes are built in the test.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export interface TestFile {
  name: string;
  mimeType: string;
  bytes: Uint8Array;
}

export async function pickFiles(page: Page, files: TestFile[]): Promise<void> {
  await page
    .getByTestId('attach-input')
    .setInputFiles(
      files.map((file) => ({ name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.bytes) })),
    );
}

type Carried = { name: string; mimeType: string; bytes: number[] };
const carried = (files: TestFile[]): Carried[] =>
  files.map((file) => ({ name: file.name, mimeType: file.mimeType, bytes: [...file.bytes] }));

export async function pasteFiles(page: Page, files: TestFile[]): Promise<void> {
  await page.getByTestId('composer-input').evaluate((input, list: Carried[]) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.mimeType }));
    input.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, carried(files));
}

/** Drags the files over the message list and drops them there (not on the composer). */
export async function dropFiles(page: Page, files: TestFile[]): Promise<void> {
  await page.getByTestId('message-scroller').evaluate((target, list: Carried[]) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.mimeType }));
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, carried(files));
}

/** Waits until the composer holds `count` files, all prepared. */
export async function attachedReady(page: Page, count: number): Promise<void> {
  const items = page.getByTestId('composer-attachment');
  await expect(items).toHaveCount(count);
  await expect(page.locator('[data-testid="composer-attachment"][data-state="ready"]')).toHaveCount(count);
}

/** A JPEG drawn in the browser (w × h, a red top half), as bytes. */
export async function canvasJpeg(page: Page, width: number, height: number): Promise<Buffer> {
  const bytes = await page.evaluate(
    async ({ width, height }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#fff';
      context.fillRect(0, 0, width, height);
      context.fillStyle = '#e00';
      context.fillRect(0, 0, width, Math.floor(height / 2));
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
      return [...new Uint8Array(await blob.arrayBuffer())];
    },
    { width, height },
  );
  return Buffer.from(bytes);
}

/** An image's pixel size, decoded by the browser (any type it reads). */
export async function decodedSize(page: Page, bytes: Uint8Array): Promise<{ width: number; height: number }> {
  return page.evaluate(
    async (list: number[]) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(list)]));
      return { width: bitmap.width, height: bitmap.height };
    },
    [...bytes],
  );
}
