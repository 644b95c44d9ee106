// `npm test`: every check and every test, in order, then one summary line.
// 1. dependencies and Chromium are installed if missing;
// 2. npm run check (types, lint, format);
// 3. vitest (providers, emulators, worker core, renderer) in Node;
// 4. Playwright end-to-end tests of the built app in Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureChromium } from './ensure-chromium.mjs';

ensureDeps();
ensureChromium();
mkdirSync('test-results', { recursive: true });

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

const results = [];
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
