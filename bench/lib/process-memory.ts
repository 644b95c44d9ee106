/**
 * Memory of Chromium's renderer processes as the OS sees it (Linux: proportional set size from
 * /proc/PID/smaps_rollup), found through CDP SystemInfo.getProcessInfo. This counts what the JS
 * heap does not: DOM, layout and paint data, images, the V8 code space.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';

/** PSS in MiB per renderer process id; empty where /proc is not readable (not Linux). */
export async function rendererPssMiB(browser: Browser): Promise<Record<number, number>> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    const out: Record<number, number> = {};
    for (const { type, id } of processInfo) {
      if (type !== 'renderer') continue;
      try {
        const rollup = readFileSync(`/proc/${id}/smaps_rollup`, 'utf8');
        const kb = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1]);
        if (Number.isFinite(kb)) out[id] = Math.round((kb / 1024) * 10) / 10;
      } catch {
        // The process ended or /proc is not there.
      }
    }
    return out;
  } finally {
    await session.detach();
  }
}
