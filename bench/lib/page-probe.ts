/**
 * The page probe as the bench specs use it: installs the in-page frame recorder and paint watch
 * (frame-recorder.ts, paint-watch.ts) and calls them through page.evaluate.
 */
import type { Page } from '@playwright/test';
import { installFrameRecorder, type FrameSummary } from './frame-recorder';
import { installPaintWatch, type PaintTimes } from './paint-watch';

export type { FrameSummary } from './frame-recorder';
export type { PaintTimes } from './paint-watch';

interface ProbeWindow {
  __benchFrames: { start(): void; stop(): Promise<FrameSummary> };
  __benchPaint: {
    epoch(): number;
    arm(kind: 'text' | 'selector', value: string): void;
    frameWait(delayMs: number): Promise<number>;
    painted(value: string): Promise<PaintTimes>;
  };
}

// The callbacks below run in the page (serialized by page.evaluate): they can only use `window`.
export const probe = {
  install: async (page: Page) => {
    await page.addInitScript(installFrameRecorder);
    await page.addInitScript(installPaintWatch);
  },
  epoch: (page: Page) => page.evaluate(() => (window as unknown as ProbeWindow).__benchPaint.epoch()),
  startFrames: (page: Page) => page.evaluate(() => (window as unknown as ProbeWindow).__benchFrames.start()),
  stopFrames: (page: Page) => page.evaluate(() => (window as unknown as ProbeWindow).__benchFrames.stop()),
  frameWait: (page: Page, delayMs: number) =>
    page.evaluate((ms) => (window as unknown as ProbeWindow).__benchPaint.frameWait(ms), delayMs),
  arm: (page: Page, kind: 'text' | 'selector', value: string) =>
    page.evaluate(([k, v]) => (window as unknown as ProbeWindow).__benchPaint.arm(k, v), [
      kind,
      value,
    ] as const),
  /** Waits (at most `timeoutMs`) for an armed watch; null when it did not fire in time. */
  painted: (page: Page, value: string, timeoutMs: number) =>
    page.evaluate(
      ([v, ms]) =>
        Promise.race([
          (window as unknown as ProbeWindow).__benchPaint.painted(v),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
        ]),
      [value, timeoutMs] as const,
    ),
};
