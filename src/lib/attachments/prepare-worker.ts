/// <reference lib="webworker" />
/**
 * The attachments worker: prepares each picked file off the page (decoding and downscaling
 * images, extracting PDF text), so even a 20 MB photo never holds a frame up. It reads local
 * files only, so it refuses every network request (pdf.js has no reason to fetch anything).
 */
import { prepareFile } from './prepare-core';
import { prepareImage } from './image-prepare';
import { extractPdfText, type PdfJs } from './pdf-text';
import type { PrepareRequest, PrepareResponse } from './prepare-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.fetch = () => Promise.reject(new TypeError('The attachments worker makes no network requests.'));

let pdfjs: Promise<PdfJs> | null = null;

/** pdf.js loads with the first PDF; importing its worker module makes it run in this thread. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    await import('pdfjs-dist/build/pdf.worker.mjs');
    return (await import('pdfjs-dist')) as unknown as PdfJs;
  })();
  return pdfjs;
}

scope.addEventListener('message', (event: MessageEvent<PrepareRequest>) => {
  const request = event.data;
  if (request.type !== 'prepare') return;
  void prepareFile(request.file, request.name, request.claimedType, {
    prepareImage,
    pdfText: async (bytes, name) => extractPdfText(await loadPdfJs(), bytes, name),
    now: () => performance.now(),
  }).then((outcome) => {
    const response: PrepareResponse = { type: 'prepared', id: request.id, outcome };
    scope.postMessage(response);
  });
});
