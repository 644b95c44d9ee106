/**
 * Preparing attachments, as the attachments worker runs it, with the real pdf.js (its legacy
 * build, which runs on Node 20) and real files: what a file is comes from its bytes; text files
 * and PDFs become prompt text with their token cost; every bad file gets its own clear refusal.
 * Image decoding needs a browser (createImageBitmap, OffscreenCanvas): tests/e2e/chat-attachments.
 */
import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { prepareFile, type PrepareTools } from '../../src/lib/attachments/prepare-core';
import { extractPdfText, type PdfJs } from '../../src/lib/attachments/pdf-text';
import { LIMITS } from '../../src/lib/attachments/limits';
import { sniff, textOf } from '../../src/lib/attachments/sniff';
import { jpegOrientation } from '../../src/lib/attachments/exif-orientation';
import { imageSize } from '../../src/lib/attachments/image-size';
import { fencedFile, promptContent } from '../../src/lib/attachments/prompt-text';
import { encryptedPdf, imageOnlyPdf, notAPdf, textPdf, truncatedPdf } from '../support/pdf-files';
import { solidPng, withExifOrientation } from '../support/png';
import { uploadName } from '../../src/lib/providers/lmstudio-native/request';
import type { PrepareOutcome } from '../../src/lib/attachments/prepare-protocol';

const tools: PrepareTools = {
  // Node has no image decoder: the browser tests cover images; here a stand-in records the call.
  prepareImage: async (file, type) => ({
    data: file,
    mimeType: type === 'jpeg' ? 'image/jpeg' : 'image/png',
    width: 1,
    height: 1,
  }),
  pdfText: (bytes, name) => extractPdfText(pdfjs as unknown as PdfJs, bytes, name),
  now: () => performance.now(),
};

const blob = (bytes: Uint8Array | string, type = '') =>
  new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type });
const prepare = (data: Blob, name: string) => prepareFile(data, name, data.type, tools);

function refusal(outcome: PrepareOutcome): string {
  if (outcome.ok) throw new Error(`expected a refusal, got ${outcome.attachment.ref.kind}`);
  return outcome.message;
}

function attachment(outcome: PrepareOutcome) {
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.attachment;
}

describe('what a file is, from its bytes', () => {
  it('tells images, PDFs, SVG, text and binary apart whatever the name says', () => {
    expect(sniff(solidPng(2, 2))).toBe('png');
    expect(sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBe('jpeg');
    expect(sniff(textPdf(['x']))).toBe('pdf');
    expect(sniff(new TextEncoder().encode('<?xml version="1.0"?>\n<svg xmlns="…"></svg>'))).toBe('svg');
    expect(sniff(new TextEncoder().encode('name,age\nAda,36\n'))).toBe('text');
    expect(sniff(new TextEncoder().encode('héllo wörld — 日本語 😀'))).toBe('text');
    expect(sniff(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 1, 2]))).toBe('binary'); // a zip
    // A CSV that begins "BM…" is text; a real BMP header (reserved zeros, a DIB header size) is not.
    expect(sniff(new TextEncoder().encode('BMI,age,height\n22.5,41,180\n23.1,36,172\n'))).toBe('text');
    const bmp = new Uint8Array(54);
    bmp.set([0x42, 0x4d]);
    bmp[14] = 40;
    expect(sniff(bmp)).toBe('bmp');
  });

  it('reads text cut in the middle of a character as text, and NUL bytes as binary', () => {
    const bytes = new TextEncoder().encode('abc😀');
    expect(textOf(bytes.subarray(0, 5), true)).toBe('abc');
    expect(textOf(bytes.subarray(0, 5), false)).toBeNull();
    expect(textOf(new Uint8Array([104, 105, 0, 33]))).toBeNull();
  });

  it('finds a JPEG’s EXIF orientation, and 1 when there is none', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x04, 0x00, 0x00, 0xff, 0xda, 0x00, 0x02]);
    expect(jpegOrientation(jpeg)).toBe(1);
    for (const orientation of [1, 3, 6, 8])
      expect(jpegOrientation(withExifOrientation(jpeg, orientation))).toBe(orientation);
  });

  it('reads a PNG’s and a JPEG’s pixel size from the header, EXIF segment or not', () => {
    expect(imageSize(solidPng(7, 3), 'png')).toEqual({ width: 7, height: 3 });
    // SOI, then a baseline frame header: length 11, precision 8, height 300, width 500, 1 component.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0x01, 0x2c, 0x01, 0xf4, 1, 1, 0x11, 0]);
    expect(imageSize(jpeg, 'jpeg')).toEqual({ width: 500, height: 300 });
    expect(imageSize(withExifOrientation(jpeg, 6), 'jpeg')).toEqual({ width: 500, height: 300 });
    expect(imageSize(jpeg.subarray(0, 8), 'jpeg')).toBeNull();
  });
});

describe('text files', () => {
  it('become prompt text with their name and token cost', async () => {
    const csv = 'name,age\nAda,36\nAlan,41\n';
    const { ref, text, data } = attachment(await prepare(blob(csv, 'text/csv'), 'people.csv'));
    expect(ref).toMatchObject({
      kind: 'text',
      name: 'people.csv',
      mimeType: 'text/plain',
      sizeBytes: csv.length,
    });
    expect(ref.tokens).toBe(Math.ceil(csv.length / 4));
    expect(text).toBe(csv);
    expect(await data.text()).toBe(csv);
    // Named for nothing in particular, still text by its content.
    expect(attachment(await prepare(blob('2026-12-03 boot ok\n'), 'server.out')).ref.kind).toBe('text');
  });

  it('go into the prompt as a fence no backticks inside can close', () => {
    const ref = { id: 'f', kind: 'text' as const, name: 'notes.md', mimeType: 'text/plain', sizeBytes: 9 };
    const text = 'a ```` b';
    const block = fencedFile(ref, text);
    expect(block).toBe('File: notes.md\n`````markdown\na ```` b\n`````');
    expect(promptContent('Summarise', [ref], new Map([['f', { data: blob(text), text }]]))).toBe(
      `${block}\n\nSummarise`,
    );
    expect(promptContent('Summarise', [ref], new Map())).toBe(
      '(The attached file notes.md could not be read.)\n\nSummarise',
    );
    // An image whose bytes cannot be read is said too, so the model does not answer as if it saw it.
    const image = { id: 'i', kind: 'image' as const, name: 'cat.png', mimeType: 'image/png', sizeBytes: 9 };
    expect(promptContent('What is it?', [image], new Map())).toBe(
      '(The attached image cat.png could not be read.)\n\nWhat is it?',
    );
  });
});

describe('PDFs', () => {
  it('give their text page by page and their page count', async () => {
    const { ref, text, data } = attachment(
      await prepare(blob(textPdf(['Hello (world)', 'Page two\nline 2'])), 'paper.pdf'),
    );
    expect(ref).toMatchObject({ kind: 'pdf', name: 'paper.pdf', mimeType: 'application/pdf', pages: 2 });
    expect(text).toBe('Hello (world)\n\nPage two\nline 2');
    expect(ref.tokens).toBe(Math.ceil(text!.length / 4));
    // The stored bytes are the file's own (pdf.js took only a copy).
    expect(new Uint8Array(await data.arrayBuffer())).toEqual(textPdf(['Hello (world)', 'Page two\nline 2']));
  });

  it('refuse, each with what to do: scanned, password-protected, damaged, too long', async () => {
    expect(refusal(await prepare(blob(imageOnlyPdf(3)), 'scan.pdf'))).toMatch(
      /“scan.pdf” \(3 pages\) has no text layer .* Run OCR on it first, or attach its pages as images/,
    );
    expect(refusal(await prepare(blob(encryptedPdf()), 'locked.pdf'))).toMatch(
      /“locked.pdf” is password-protected.*Save an unprotected copy/,
    );
    expect(refusal(await prepare(blob(truncatedPdf()), 'cut.pdf'))).toMatch(
      /“cut.pdf” could not be read as a PDF/,
    );
    const long = textPdf(Array.from({ length: LIMITS.pdfPages + 1 }, (_, i) => `page ${i + 1}`));
    expect(refusal(await prepare(blob(long), 'book.pdf'))).toMatch(
      new RegExp(
        `“book.pdf” has ${LIMITS.pdfPages + 1} pages; Brook reads PDFs of up to ${LIMITS.pdfPages} pages`,
      ),
    );
  });
});

describe('names', () => {
  it('are cleaned once, as the file is prepared: no control characters, so no forged prompt lines', async () => {
    const { ref } = attachment(await prepare(blob('x,y\n'), 'data.csv\nFile: secret.txt\n```'));
    expect(ref.name).toBe('data.csv File: secret.txt ```');
    expect(fencedFile(ref, 'x,y\n').split('\n')[0]).toBe('File: data.csv File: secret.txt ```');
  });

  it('go to LM Studio with the extension of the bytes sent (it tells the type by it)', () => {
    const image = (name: string, mimeType: string) => ({ name, mimeType, base64: '' });
    expect(uploadName(image('holiday photo.webp', 'image/png'), 0)).toBe('holiday-photo.png');
    expect(uploadName(image('IMG_0042.HEIC', 'image/jpeg'), 1)).toBe('IMG_0042.jpg');
    expect(uploadName(image('', 'image/png'), 2)).toBe('image-3.png');
    expect(uploadName(image('../../etc/passwd', 'image/png'), 0)).not.toMatch(/[/\\]/);
  });
});

describe('bad files', () => {
  it('each get a clear refusal', async () => {
    expect(refusal(await prepare(blob(''), 'empty.txt'))).toBe(
      '“empty.txt” is empty (0 bytes), so there is nothing to attach.',
    );
    expect(refusal(await prepare(blob(notAPdf(), 'image/png'), 'photo.png'))).toMatch(
      /“photo.png” is named as an image but its contents are not/,
    );
    expect(refusal(await prepare(blob('<svg onload="alert(1)"></svg>', 'image/svg+xml'), 'x.svg'))).toMatch(
      /SVG drawing, which Brook does not attach/,
    );
    expect(refusal(await prepare(blob(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 9, 9])), 'a.zip'))).toMatch(
      /“a.zip” is not an image, a text file or a PDF/,
    );
    const huge = { size: 200 * 1024 * 1024, type: '', slice: () => blob('') } as unknown as Blob;
    expect(refusal(await prepare(huge, 'video.mov'))).toMatch(
      /“video.mov” is 210 MB; Brook attaches files up to 64 MB/,
    );
    const bigText = blob('x'.repeat(LIMITS.textBytes + 1));
    expect(refusal(await prepare(bigText, 'dump.log'))).toMatch(/more than a local model can read/);
  });

  it('a file whose bytes cannot be read (moved, deleted) says so', async () => {
    const gone = {
      size: 10,
      type: 'text/plain',
      slice: () => ({ arrayBuffer: () => Promise.reject(new DOMException('gone', 'NotReadableError')) }),
    } as unknown as Blob;
    expect(refusal(await prepare(gone, 'moved.txt'))).toBe(
      '“moved.txt” could not be read (was it moved or deleted?).',
    );
  });
});
