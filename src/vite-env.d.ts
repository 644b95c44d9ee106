/// <reference types="svelte" />
/// <reference types="vite/client" />

/** pdf.js's worker module, imported for its side effect (it runs pdf.js in the importing thread). */
declare module 'pdfjs-dist/build/pdf.worker.mjs';
