// `npm run bench`: Brook's benchmarks in Debian's Chromium against the protocol emulators.
// 1. dependencies and Chromium are installed if missing (as `npm test` does);
// 2. waits (up to a minute) while other browser runs are busy: 2 shared cores make noisy figures;
// 3. runs bench/specs with bench/playwright.bench.config.ts (the built app on port 4331);
//    its global teardown prints the table and writes bench/results/latest.json.
// Options: --quick (a short smoke run, figures not for publishing); other arguments go to
// Playwright (e.g. a spec name: `npm run bench -- ttft`). BENCH_PORT, BENCH_ROUNDS override.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureChromium } from './ensure-chromium.mjs';

const RESULTS = 'bench/results/latest.json';
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const passThrough = args.filter((arg) => arg !== '--quick');

ensureDeps();
ensureChromium();

function otherBrowsers() {
  try {
    return execFileSync('ps', ['-eo', 'comm'], { encoding: 'utf8' })
      .split('\n')
      .filter((name) => /chrom/i.test(name)).length;
  } catch {
    return 0;
  }
}

async function waitForQuiet(maxMs) {
  const until = Date.now() + maxMs;
  let count = otherBrowsers();
  if (count === 0) return;
  console.log(`Other Chromium processes are running (${count}); waiting up to ${maxMs / 1000} s for them…`);
  while (count > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    count = otherBrowsers();
  }
  if (count > 0)
    console.warn(`Still ${count} other Chromium processes: the figures of this run may be noisy.`);
}

await waitForQuiet(60_000);
const startedAt = Date.now();
const env = { ...process.env, ...(quick ? { BENCH_QUICK: '1' } : {}) };
const result = spawnSync(
  'npx',
  ['playwright', 'test', '--config', 'bench/playwright.bench.config.ts', ...passThrough],
  { stdio: 'inherit', env },
);
const written = existsSync(RESULTS) && statSync(RESULTS).mtimeMs >= startedAt;
if (!written) console.error(`No report was written to ${RESULTS}.`);
console.log(`Benchmarks took ${Math.round((Date.now() - startedAt) / 1000)} s.`);
process.exit(result.status === 0 && written ? 0 : 1);
