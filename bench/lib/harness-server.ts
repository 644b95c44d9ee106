/**
 * Builds the bench harness pages (bench/harness: transport.html, render.html and their workers, and
 * static-paint.html, the first-paint floor) with Vite, using the project's resolve/worker/build-target settings from vite.config.ts but
 * not its plugins (no PWA in a harness), so the providers and client libraries are bundled for
 * the browser as the app's worker bundles them; then serves them with `vite preview`.
 */
import { build, loadConfigFromFile, preview } from 'vite';
import { HARNESS_DIST, REPO_ROOT } from './parts';

const HARNESS_ROOT = `${REPO_ROOT}bench/harness`;

export interface ServedHarness {
  /** Base URL ending in '/', e.g. http://127.0.0.1:PORT/ */
  url: string;
  close(): Promise<void>;
}

export async function buildHarness(): Promise<void> {
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    `${REPO_ROOT}vite.config.ts`,
  );
  const project = loaded?.config ?? {};
  await build({
    configFile: false,
    root: HARNESS_ROOT,
    logLevel: 'warn',
    resolve: project.resolve,
    worker: project.worker,
    build: {
      target: project.build?.target,
      outDir: HARNESS_DIST,
      emptyOutDir: true,
      rollupOptions: {
        input: {
          transport: `${HARNESS_ROOT}/transport.html`,
          render: `${HARNESS_ROOT}/render.html`,
          'static-paint': `${HARNESS_ROOT}/static-paint.html`,
        },
      },
    },
  });
}

export async function serveHarness(): Promise<ServedHarness> {
  const server = await preview({
    configFile: false,
    root: HARNESS_ROOT,
    logLevel: 'warn',
    build: { outDir: HARNESS_DIST },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview has no local URL for the bench harness');
  return { url, close: () => server.close() };
}
