/**
 * Builds the native-worker harness with Vite and serves it with `vite preview` on a free port.
 * The build uses the project's resolve/worker/target settings from vite.config.ts but not its
 * plugins (the app's PWA plugin has no business in a harness), so @lmstudio/sdk is bundled for
 * the browser exactly as the app's worker bundles it.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, createLogger, loadConfigFromFile, preview } from 'vite';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const harnessRoot = fileURLToPath(new URL('./', import.meta.url));
const outDir = `${repoRoot}test-results/native-worker-harness`;

export interface ServedHarness {
  url: string;
  /** Every warning the build logged (e.g. "externalized for browser compatibility"). */
  buildWarnings: string[];
  worker: { fileName: string; bytes: number; gzipBytes: number };
  close(): Promise<void>;
}

async function buildHarness(warnings: string[]): Promise<ServedHarness['worker']> {
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    `${repoRoot}vite.config.ts`,
  );
  const project = loaded?.config ?? {};
  const logger = createLogger('warn');
  const warn = logger.warn.bind(logger);
  logger.warn = (message, options) => {
    warnings.push(message);
    warn(message, options);
  };
  logger.warnOnce = logger.warn;
  const output = await build({
    configFile: false,
    root: harnessRoot,
    logLevel: 'warn',
    customLogger: logger,
    resolve: project.resolve,
    worker: project.worker,
    build: { target: project.build?.target, outDir, emptyOutDir: true },
  });
  for (const result of Array.isArray(output) ? output : [output]) {
    if (!('output' in result)) continue;
    for (const file of result.output) {
      if (file.type !== 'asset' || !/worker.*\.js$/.test(file.fileName)) continue;
      const source = Buffer.from(file.source);
      return { fileName: file.fileName, bytes: source.length, gzipBytes: gzipSync(source).length };
    }
  }
  throw new Error('the harness build has no worker chunk');
}

export async function serveNativeWorkerHarness(): Promise<ServedHarness> {
  const buildWarnings: string[] = [];
  const worker = await buildHarness(buildWarnings);
  const server = await preview({
    configFile: false,
    root: harnessRoot,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview has no local URL');
  return { url, buildWarnings, worker, close: () => server.close() };
}
