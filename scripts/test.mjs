// `npm test`: every check and every test, in order, then one summary line.
// 1. dependencies and Chromium are installed if missing, and the real llama.cpp server and its
//    tiny model are built if missing (once per machine, ~7–9 minutes; cached outside the clone);
// 2. npm run check (types, lint, format);
// 3. vitest (providers, emulators, worker core, renderer; the real-server tests) in Node;
// 4. Playwright end-to-end tests of the built app in Debian's Chromium (some on the real server).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureLlamaServer } from './real-server/ensure-llama-server.mjs';

ensureDeps();
ensureChromium();
mkdirSync('test-results', { recursive: true });

const results = [];
console.log('\n=== real server: llama.cpp llama-server and its tiny model (built once per machine)');
try {
  const { binary, model } = ensureLlamaServer();
  console.log(`llama-server: ${binary}\nmodel: ${model}`);
  results.push(['real-server build', true]);
} catch (error) {
  // The real-server tests then fail, each saying the server is missing; the rest still run.
  console.error(`Could not build the real server: ${error instanceof Error ? error.message : error}`);
  results.push(['real-server build', false]);
}

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

results.push(['check', run('check', 'npm', ['run', 'check'])]);
results.push([
  'unit',
  run('unit and integration tests', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json',
  ]),
]);
results.push(['e2e', run('browser tests', 'npx', ['playwright', 'test'])]);

function counts() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (existsSync('test-results/vitest.json')) {
    const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
    passed += v.numPassedTests ?? 0;
    failed += v.numFailedTests ?? 0;
    skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  }
  if (existsSync('test-results/playwright.json')) {
    const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
    passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
    failed += p.stats?.unexpected ?? 0;
    skipped += p.stats?.skipped ?? 0;
  }
  return { passed, failed, skipped };
}

const { passed, failed, skipped } = counts();
const failedSteps = results.filter(([, ok]) => !ok).map(([name]) => name);
console.log(`\nsteps failed: ${failedSteps.length ? failedSteps.join(', ') : 'none'}`);
console.log(
  `${passed} passed, ${failed + (failedSteps.includes('check') ? 1 : 0)} failed, ${skipped} skipped`,
);
process.exit(failedSteps.length ? 1 : 0);
