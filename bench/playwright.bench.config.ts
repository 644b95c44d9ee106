/**
 * Playwright configuration for the benchmarks (npm run bench): bench/specs/*.bench.ts against the
 * built app served by `vite preview` on its own port (4331, BENCH_PORT), one worker so runs never
 * overlap, generous timeouts. The build goes to test-results/bench/app-dist, not dist/, so a
 * benchmark never races another build.
 */
import { defineConfig } from '@playwright/test';
import { APP_DIST, REPO_ROOT } from './lib/parts';

const PORT = Number(process.env.BENCH_PORT ?? 4331);

export default defineConfig({
  testDir: 'specs',
  testMatch: '*.bench.ts',
  timeout: 10 * 60_000,
  globalTimeout: 25 * 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: '../test-results/bench/playwright',
  globalSetup: './report/global-setup.ts',
  globalTeardown: './report/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: process.env.BROOK_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Keep timers and frames running at full speed in every page, visible or not.
        '--disable-background-timer-throttling',
        '--disable-renderer-backgrounding',
        '--disable-backgrounding-occluded-windows',
      ],
    },
    trace: 'off',
    screenshot: 'off',
    video: 'off',
  },
  webServer: {
    command: `npx vite build --outDir ${APP_DIST} --emptyOutDir && npx vite preview --outDir ${APP_DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    cwd: REPO_ROOT,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 180_000,
  },
});
