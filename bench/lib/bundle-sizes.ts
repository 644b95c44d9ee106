/**
 * Production bundle sizes from the built app (gzip computed here with zlib at level 6, the usual
 * server default). Groups: the first page (what index.html loads: its scripts, stylesheets and their static
 * imports), the chat worker (its entry and static imports) and each chunk the worker imports
 * lazily (a provider and its client library), minus what the worker already has.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface SizeGroup {
  files: FileSize[];
  bytes: number;
  gzipBytes: number;
}

const IMPORT = /(?:from|import)\s*\(?\s*[`"']\.\/([^`"']+\.js)[`"']/g;
const DYNAMIC = /import\(\s*[`"']\.\/([^`"']+\.js)[`"']\s*\)/g;

function sizeOf(dir: string, file: string): FileSize {
  const source = readFileSync(join(dir, file));
  return { file, bytes: source.length, gzipBytes: gzipSync(source, { level: 6 }).length };
}

function group(dir: string, files: Iterable<string>): SizeGroup {
  const sizes = [...files].sort().map((file) => sizeOf(dir, file));
  return {
    files: sizes,
    bytes: sizes.reduce((sum, f) => sum + f.bytes, 0),
    gzipBytes: sizes.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

/** Static imports of an assets file, transitively (files relative to the assets directory). */
function staticClosure(assets: string, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(join(assets, entry), 'utf8');
  const dynamic = new Set([...source.matchAll(DYNAMIC)].map((m) => m[1]));
  for (const match of source.matchAll(IMPORT)) {
    const file = match[1];
    if (file !== undefined && !dynamic.has(file)) staticClosure(assets, file, seen);
  }
  return seen;
}

function dynamicImports(assets: string, file: string): string[] {
  return [...readFileSync(join(assets, file), 'utf8').matchAll(DYNAMIC)].flatMap((m) => (m[1] ? [m[1]] : []));
}

export function bundleSizes(dist: string) {
  const assets = join(dist, 'assets');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].flatMap((m) =>
    m[1] ? [m[1]] : [],
  );
  const firstPage = new Set<string>();
  for (const file of linked) {
    if (file.endsWith('.css')) firstPage.add(file);
    else staticClosure(assets, file, firstPage);
  }
  const firstJs = [...firstPage].filter((f) => f.endsWith('.js'));
  const firstCss = [...firstPage].filter((f) => f.endsWith('.css'));
  const workerEntry = readdirSync(assets).find((f) => /^chat-worker-.*\.js$/.test(f));
  const worker = workerEntry ? staticClosure(assets, workerEntry) : new Set<string>();
  const lazy = Object.fromEntries(
    (workerEntry ? dynamicImports(assets, workerEntry) : []).map((file) => {
      const own = [...staticClosure(assets, file)].filter((f) => !worker.has(f));
      return [file.replace(/-[\w-]{8}\.js$/, ''), group(assets, own)];
    }),
  );
  const allFiles = readdirSync(assets).filter((f) => statSync(join(assets, f)).isFile());
  return {
    gzip: 'zlib level 6',
    firstPageJs: group(assets, firstJs),
    firstPageCss: group(assets, firstCss),
    worker: group(assets, worker),
    lazyProviderChunks: lazy,
    allAssets: group(assets, allFiles),
  };
}
