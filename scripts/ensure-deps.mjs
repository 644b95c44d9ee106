// Installs the locked dependencies when node_modules is missing or older than the lock file,
// so `npm test` works on a fresh clone with nothing installed by hand.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

export function ensureDeps() {
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
  if (!stale) return;
  console.log('Installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDeps();
