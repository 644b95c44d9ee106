/** The machine and the versions a run measured, for the report. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { REPO_ROOT } from '../lib/parts';

const PACKAGES = [
  'vite',
  'svelte',
  'ollama',
  'openai',
  '@lmstudio/sdk',
  'marked',
  'dompurify',
  'highlight.js',
  '@playwright/test',
] as const;

function installedVersion(name: string): string {
  try {
    const json = JSON.parse(readFileSync(`${REPO_ROOT}node_modules/${name}/package.json`, 'utf8')) as {
      version?: string;
    };
    return json.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

function chromiumVersion(): string {
  try {
    const out = execFileSync(process.env.BROOK_CHROMIUM ?? '/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim();
  } catch {
    return 'unknown';
  }
}

/** Other Chromium processes (another helper's browser tests) would make the figures noisy. */
function otherChromiumProcesses(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'comm'], { encoding: 'utf8' });
    return out.split('\n').filter((line) => /chrom/i.test(line)).length;
  } catch {
    return -1;
  }
}

export function describeEnvironment() {
  const cpus = os.cpus();
  return {
    machine: {
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
      loadAverage1mAtStart: Math.round(os.loadavg()[0]! * 100) / 100,
      chromiumProcessesAtStart: otherChromiumProcesses(),
    },
    versions: {
      node: process.version,
      chromium: chromiumVersion(),
      ...Object.fromEntries(PACKAGES.map((name) => [name, installedVersion(name)])),
    },
  };
}
