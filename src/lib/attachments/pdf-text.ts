import { LIMITS, REFUSALS } from './limits';
import { Refusal } from './prepare-core';

export interface PdfText {
  text: string;
  pages: number;
}

/** What Brook uses of pdf.js (pdfjs-dist): the modern build in the worker, the legacy one in Node. */
export interface PdfJs {
  getDocument(source: {
    data: Uint8Array;
    isEvalSupported: boolean;
    disableFontFace: boolean;
    useSystemFonts: boolean;
    verbosity: number;
  }): {
    promise: Promise<PdfDocument>;
    destroy(): Promise<void>;
  };
}

interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }>; cleanup(): void }>;
  destroy(): Promise<void>;
}

/**
 * A PDF's text, page by page (a blank line between pages), read with pdf.js. No code in the PDF
 * runs: eval is off (the CSP forbids it anyway), fonts are not loaded, nothing is fetched.
 */
export async function extractPdfText(pdfjs: PdfJs, bytes: Uint8Array, name: string): Promise<PdfText> {
  const task = pdfjs.getDocument({
    data: bytes,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const kind = error instanceof Error ? error.name : '';
    if (kind === 'PasswordException') throw new Refusal(REFUSALS.encryptedPdf(name));
    throw new Refusal(REFUSALS.notPdf(name));
  }
  try {
    const pages = doc.numPages;
    if (pages > LIMITS.pdfPages) throw new Refusal(REFUSALS.pdfTooLong(name, pages));
    const texts: string[] = [];
    let chars = 0;
    for (let n = 1; n <= pages; n++) {
      const page = await doc.getPage(n);
      const text = pageText((await page.getTextContent()).items);
      page.cleanup();
      chars += text.length;
      if (chars > LIMITS.pdfChars) throw new Refusal(REFUSALS.pdfTextTooLong(name));
      texts.push(text);
    }
    const text = texts.join('\n\n').trim();
    if (!/\S/.test(text)) throw new Refusal(REFUSALS.scannedPdf(name, pages));
    return { text, pages };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** A page's text items joined as pdf.js lays them out (`hasEOL` ends a line). */
function pageText(items: unknown[]): string {
  let out = '';
  for (const item of items) {
    if (typeof item !== 'object' || item === null || !('str' in item)) continue;
    const { str, hasEOL } = item as { str: unknown; hasEOL?: unknown };
    if (typeof str === 'string') out += str;
    if (hasEOL === true) out += '\n';
  }
  return out.trim();
}
