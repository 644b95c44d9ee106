/**
 * Attachments: preparing a 20 MB photo (decoded, downscaled to 2,048 px and re-encoded in the
 * attachments worker) and a 300-page PDF (text extracted by pdf.js in that worker), each pasted
 * into the composer of the built app. Per round: from the paste to the file shown ready, and the
 * longest animation frame meanwhile (the page must not freeze). Baseline: the same page idle for
 * as long, so a frame figure reads against what the machine does with nothing to do.
 */
import { expect, test, type Page } from '@playwright/test';
import { startOllamaEmulator } from '../../tests/emulators/ollama-emulator';
import { textPdf } from '../../tests/support/pdf-files';
import { openAppPage } from '../lib/app';
import { writePart } from '../lib/parts';
import { probe, type FrameSummary } from '../lib/page-probe';
import { BENCH } from '../lib/settings';
import { summarize } from '../lib/stats';

interface BenchWindow {
  __file?: File;
  __ready?: Promise<number>;
}

/** Runs in the page: a photo-sized JPEG of noise (which compresses like a detailed photo), kept as a File. */
async function makePhoto(): Promise<{ bytes: number; width: number; height: number }> {
  const [width, height] = [5472, 3648]; // a 20-megapixel camera
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const rows = 64;
  const image = context.createImageData(width, rows);
  for (let y = 0; y < height; y += rows) {
    for (let i = 0; i < image.data.length; i += 65536)
      crypto.getRandomValues(image.data.subarray(i, Math.min(i + 65536, image.data.length)));
    for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
    context.putImageData(image, 0, y);
  }
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
  (window as unknown as BenchWindow).__file = new File([blob], 'photo.jpg', { type: 'image/jpeg' });
  return { bytes: blob.size, width, height };
}

/** Runs in the page: pastes the kept file into the composer and resolves when it shows ready. */
function pasteAndTime(): void {
  const w = window as unknown as BenchWindow;
  const input = document.querySelector<HTMLTextAreaElement>('[data-testid="composer-input"]')!;
  const started = performance.now();
  w.__ready = new Promise<number>((resolve) => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="composer-attachment"][data-state="ready"]')) return;
      observer.disconnect();
      resolve(performance.now() - started);
    });
    observer.observe(document.body, { attributes: true, childList: true, subtree: true });
  });
  const data = new DataTransfer();
  data.items.add(w.__file!);
  input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

async function round(page: Page): Promise<{ ms: number; frames: FrameSummary }> {
  await probe.startFrames(page);
  await page.evaluate(pasteAndTime);
  const ms = await page.evaluate(() => (window as unknown as BenchWindow).__ready!);
  const frames = await probe.stopFrames(page);
  await page.getByRole('button', { name: /^Remove / }).click();
  await expect(page.getByTestId('composer-attachment')).toHaveCount(0);
  return { ms, frames };
}

async function idleFrames(page: Page, ms: number): Promise<FrameSummary> {
  await probe.startFrames(page);
  await probe.frameWait(page, ms);
  return probe.stopFrames(page);
}

/** A 300-page report: 40 lines of about 70 characters a page. */
function reportPdf(pages: number): Uint8Array {
  const words = ['fjord', 'glacier', 'valley', 'granite', 'meltwater', 'sediment', 'coast', 'ice', 'sea'];
  return textPdf(
    Array.from({ length: pages }, (_, p) =>
      Array.from({ length: 40 }, (_, l) => {
        let line = `${p + 1}.${l + 1}`;
        for (let i = 0; line.length < 70; i++) line += ` ${words[(p * 7 + l * 3 + i) % words.length]}`;
        return line;
      }).join('\n'),
    ),
  );
}

const frameFigures = (runs: FrameSummary[]) => ({
  maxLoafMs: summarize(runs.map((f) => f.maxLoafMs)),
  maxLongtaskMs: summarize(runs.map((f) => f.maxLongtaskMs)),
  p99FrameMs: summarize(runs.map((f) => f.p99FrameMs)),
});

test('attachments: a 20 MB photo and a 300-page PDF prepared off the page', async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  const rounds = BENCH.quick ? 2 : 5;
  const ollama = await startOllamaEmulator();
  const app = await openAppPage(browser, { ollama: ollama.url });
  try {
    const { page } = app;
    const photo = await page.evaluate(makePhoto);
    expect(photo.bytes).toBeGreaterThan(19_000_000);
    const photoRuns = [];
    for (let i = 0; i < rounds; i++) photoRuns.push(await round(page));
    await expect(page.getByTestId('composer-attachment')).toHaveCount(0);

    const pdf = reportPdf(300);
    await page.evaluate(
      (bytes: number[]) => {
        (window as unknown as BenchWindow).__file = new File([new Uint8Array(bytes)], 'report.pdf', {
          type: 'application/pdf',
        });
      },
      [...pdf],
    );
    // The first PDF also loads pdf.js into the worker: timed apart as the cold case.
    const pdfCold = await round(page);
    const pdfRuns = [];
    for (let i = 0; i < rounds; i++) pdfRuns.push(await round(page));
    const idle = await idleFrames(page, Math.max(...photoRuns.map((r) => r.ms)));

    writePart('attachments', {
      photo: {
        bytes: photo.bytes,
        width: photo.width,
        height: photo.height,
        rounds,
        prepareMs: summarize(photoRuns.map((r) => r.ms)),
        frames: frameFigures(photoRuns.map((r) => r.frames)),
      },
      pdf: {
        bytes: pdf.length,
        pages: 300,
        rounds,
        coldMs: pdfCold.ms,
        coldMaxLoafMs: pdfCold.frames.maxLoafMs,
        prepareMs: summarize(pdfRuns.map((r) => r.ms)),
        frames: frameFigures(pdfRuns.map((r) => r.frames)),
      },
      idle: { windowMs: idle.windowMs, maxLoafMs: idle.maxLoafMs, p99FrameMs: idle.p99FrameMs },
    });
  } finally {
    await app.close();
    await ollama.close();
  }
});
