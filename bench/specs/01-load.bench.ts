/**
 * Load: production bundle sizes (gzip), and cold load to interactive of the built app served on
 * localhost: navigation start to the composer enabled with a model chosen (ready to send), in a
 * fresh browser context each time (empty cache, storage and service worker), at full CPU speed
 * and with the CPU slowed 4× (CDP), as a phone-class device would be.
 */
import { test, type Browser } from '@playwright/test';
import { configureApp } from '../../tests/e2e/fixtures';
import { startOllamaEmulator } from '../../tests/emulators/ollama-emulator';
import { APP_URL } from '../lib/app';
import { bundleSizes } from '../lib/bundle-sizes';
import { APP_DIST, writePart } from '../lib/parts';
import { BENCH } from '../lib/settings';
import { summarize } from '../lib/stats';

interface LoadTimes {
  firstContentfulPaintMs: number;
  domContentLoadedMs: number;
  composerEnabledMs: number;
  interactiveMs: number;
}

/** Runs in the page before its scripts: notes (performance.now(), i.e. since navigation start) when each state is reached. */
function watchReadiness(): void {
  const times: Record<string, number> = {};
  (window as unknown as { __load: Record<string, number> }).__load = times;
  const check = (): void => {
    const input = document.querySelector('[data-testid="composer-input"]');
    const model = document.querySelector<HTMLSelectElement>('[data-testid="model-select"]');
    // The composer is always editable; it can send once it shows Send rather than Stop.
    const composer = input !== null && document.querySelector('[data-testid="send-button"]') !== null;
    if (composer) times.composerEnabledMs ??= performance.now();
    if (composer && model !== null && model.value !== '') times.interactiveMs ??= performance.now();
    if (times.interactiveMs === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}

/** A page in a fresh context (no cache, storage or service worker), its CPU slowed `cpuSlowdown` times. */
async function freshPage(browser: Browser, cpuSlowdown: number) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (cpuSlowdown > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  }
  return { context, page };
}

async function coldLoad(browser: Browser, ollamaUrl: string, cpuSlowdown: number): Promise<LoadTimes> {
  const { context, page } = await freshPage(browser, cpuSlowdown);
  try {
    await configureApp(page, { urls: { ollama: ollamaUrl } });
    await page.addInitScript(watchReadiness);
    await page.goto(APP_URL);
    await page.waitForFunction(
      () => (window as unknown as { __load: { interactiveMs?: number } }).__load.interactiveMs !== undefined,
      null,
      { timeout: 30_000 },
    );
    return await page.evaluate(() => {
      const load = (window as unknown as { __load: Record<string, number> }).__load;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return {
        firstContentfulPaintMs: fcp,
        domContentLoadedMs: nav?.domContentLoadedEventEnd ?? Number.NaN,
        composerEnabledMs: load.composerEnabledMs ?? Number.NaN,
        interactiveMs: load.interactiveMs ?? Number.NaN,
      };
    });
  } finally {
    await context.close();
  }
}

/** First contentful paint of the harness's static page (no script) in a fresh context: the floor. */
async function staticFirstPaint(browser: Browser, cpuSlowdown: number): Promise<number> {
  const harness = process.env.BENCH_HARNESS_URL;
  if (harness === undefined) throw new Error('BENCH_HARNESS_URL is not set (bench/report/global-setup.ts)');
  const { context, page } = await freshPage(browser, cpuSlowdown);
  try {
    await page.goto(`${harness}static-paint.html`);
    return await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            const entry = list.getEntriesByName('first-contentful-paint')[0];
            if (entry) resolve(entry.startTime);
          }).observe({ type: 'paint', buffered: true });
        }),
    );
  } finally {
    await context.close();
  }
}

function summarizeLoads(runs: LoadTimes[]) {
  return {
    runs: runs.length,
    firstContentfulPaintMs: summarize(runs.map((r) => r.firstContentfulPaintMs)),
    domContentLoadedMs: summarize(runs.map((r) => r.domContentLoadedMs)),
    composerEnabledMs: summarize(runs.map((r) => r.composerEnabledMs)),
    interactiveMs: summarize(runs.map((r) => r.interactiveMs)),
  };
}

test('load: bundle sizes and cold load to interactive', async ({ browser }) => {
  test.setTimeout(5 * 60_000);
  const ollama = await startOllamaEmulator();
  try {
    const full: LoadTimes[] = [];
    const slow: LoadTimes[] = [];
    const floorFull: number[] = [];
    const floorSlow: number[] = [];
    await coldLoad(browser, ollama.url, 1); // warm-up: the preview servers and the OS file cache
    await staticFirstPaint(browser, 1);
    // Interleaved with the static page, so both see the same machine.
    for (let i = 0; i < BENCH.loadRuns; i += 1) {
      full.push(await coldLoad(browser, ollama.url, 1));
      floorFull.push(await staticFirstPaint(browser, 1));
      slow.push(await coldLoad(browser, ollama.url, 4));
      floorSlow.push(await staticFirstPaint(browser, 4));
    }
    writePart('load', {
      browserVersion: browser.version(),
      bundle: bundleSizes(APP_DIST),
      coldLoad: {
        method:
          'fresh context per load (no cache, storage or service worker); times since navigation start; interactive = composer enabled and a model chosen (the Ollama emulator answers the model list)',
        fullSpeed: summarizeLoads(full),
        cpu4xSlower: summarizeLoads(slow),
        staticPageFirstPaintMs: { fullSpeed: summarize(floorFull), cpu4xSlower: summarize(floorSlow) },
      },
    });
  } finally {
    await ollama.close();
  }
});
