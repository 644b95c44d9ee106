/**
 * Merges the parts of a run into bench/results/latest.json (machine, versions, figures, target
 * checks) and prints the table. Runs as Playwright's global teardown, so a failed spec still
 * leaves a report of the others.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readParts, RESULTS_FILE, REPO_ROOT } from '../lib/parts';
import { BENCH } from '../lib/settings';
import type { Parts } from './report-types';
import { isFullRun, updateReadmeFigures } from './readme-figures';
import { formatTable } from './table';
import { checkTargets } from './targets';

export function writeReport(): void {
  const parts = readParts() as Parts;
  const checks = checkTargets(parts);
  const { environment, ...figures } = parts;
  const report = {
    schema: 1,
    quick: BENCH.quick,
    settings: BENCH,
    startedAt: environment?.startedAt,
    finishedAt: new Date().toISOString(),
    machine: environment?.machine,
    versions: environment?.versions,
    targets: checks,
    ...figures,
  };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  const table = formatTable(parts, checks, BENCH.quick);
  writeFileSync(`${REPO_ROOT}test-results/bench/table.txt`, `${table}\n`);
  console.log(`\n${table}\n\nReport written to ${RESULTS_FILE.slice(REPO_ROOT.length)}`);
  if (isFullRun(parts, BENCH.quick) && updateReadmeFigures(table))
    console.log('Figures updated in bench/README.md');
}
