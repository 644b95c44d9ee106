/** Keeps the "latest figures" section of bench/README.md in step with the last full run. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { REPO_ROOT } from '../lib/parts';
import type { Parts } from './report-types';

const README = `${REPO_ROOT}bench/README.md`;
const START = '<!-- bench:latest:start -->';
const END = '<!-- bench:latest:end -->';

/** A full run has every part; a quick run or a single spec leaves the README alone. */
export function isFullRun(parts: Parts, quick: boolean): boolean {
  return (
    !quick &&
    [
      parts.load,
      parts.ttft,
      parts.rendering,
      parts.richAnswers,
      parts.transport,
      parts.memory,
      parts.search,
      parts.attachments,
      parts.runaway,
    ].every(Boolean)
  );
}

export function updateReadmeFigures(table: string): boolean {
  if (!existsSync(README)) return false;
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) return false;
  // Laid out as prettier formats markdown, so `npm run check` stays clean after a run.
  const section = [
    START,
    '',
    '## Latest figures',
    '',
    'From the last full `npm run bench` (`bench/results/latest.json` has every figure). Targets at the end.',
    '',
    '```text',
    table,
    '```',
    '',
    END,
  ].join('\n');
  writeFileSync(README, text.slice(0, start) + section + text.slice(end + END.length));
  return true;
}
