/**
 * In-page frame recorder, installed before any page script runs (page.addInitScript): while
 * recording, a requestAnimationFrame loop notes every frame start, and PerformanceObservers
 * collect `long-animation-frame` and `longtask` entries; `stop()` returns their summary,
 * computed in the page. The install function is serialized into the page: it must not use
 * anything from outside itself.
 */

/** Frame figures over one recording window. */
export interface FrameSummary {
  windowMs: number;
  frames: number;
  p50FrameMs: number;
  p99FrameMs: number;
  maxFrameMs: number;
  /** Share (0..1) of frame intervals longer than 25 ms. */
  shareOver25: number;
  /** Frames that should have been drawn at 60 Hz but were not. */
  droppedFrames: number;
  loafCount: number;
  loafOver50: number;
  maxLoafMs: number;
  loafSumMs: number;
  loafBlockingSumMs: number;
  longtaskCount: number;
  maxLongtaskMs: number;
  longtaskSumMs: number;
  /** Every long animation frame: when it started (epoch ms) and how long it took. */
  loafTimeline: { at: number; ms: number }[];
  /** Where the longest animation frame's time went (for diagnosis). */
  longestLoaf: {
    durationMs: number;
    /** In scripts (each over 5 ms is listed below), in style and layout, and in the whole rendering phase. */
    scriptsMs: number;
    styleAndLayoutMs: number;
    renderingMs: number;
    scripts: { invoker: string; source: string; durationMs: number }[];
  } | null;
}

export function installFrameRecorder(): void {
  type Loaf = PerformanceEntry & {
    blockingDuration?: number;
    renderStart?: number;
    styleAndLayoutStart?: number;
    scripts?: { invoker?: string; sourceURL?: string; sourceFunctionName?: string; duration: number }[];
  };
  const w = window as unknown as { __benchFrames?: unknown };
  if (w.__benchFrames) return;
  let recording = false;
  let startedAt = 0;
  let frames: number[] = [];
  let loafs: Loaf[] = [];
  let longtasks: PerformanceEntry[] = [];
  const observers: PerformanceObserver[] = [];
  const observe = (type: string, sink: (entry: PerformanceEntry) => void): void => {
    try {
      const observer = new PerformanceObserver((list) => {
        if (recording) list.getEntries().forEach(sink);
      });
      observer.observe({ type, buffered: false });
      observers.push(observer);
    } catch {
      // Not supported in this browser: that figure stays empty.
    }
  };
  observe('long-animation-frame', (entry) => loafs.push(entry as Loaf));
  observe('longtask', (entry) => longtasks.push(entry));
  const tick = (time: number): void => {
    if (!recording) return;
    frames.push(time);
    requestAnimationFrame(tick);
  };

  const sortedGaps = (): number[] => {
    const gaps: number[] = [];
    for (let i = 1; i < frames.length; i += 1) gaps.push((frames[i] ?? 0) - (frames[i - 1] ?? 0));
    return gaps.sort((a, b) => a - b);
  };
  const rank = (sorted: number[], q: number): number =>
    sorted.length === 0
      ? 0
      : (sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1] ?? 0);
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  const describeLoaf = (loaf: Loaf) => {
    const end = loaf.startTime + loaf.duration;
    const scripts = loaf.scripts ?? [];
    return {
      durationMs: Math.round(loaf.duration),
      scriptsMs: Math.round(sum(scripts.map((script) => script.duration))),
      styleAndLayoutMs: loaf.styleAndLayoutStart ? Math.round(end - loaf.styleAndLayoutStart) : 0,
      renderingMs: loaf.renderStart ? Math.round(end - loaf.renderStart) : 0,
      scripts: scripts
        .map((script) => ({
          invoker: script.invoker ?? '',
          source:
            `${(script.sourceURL ?? '').split('/').pop() ?? ''} ${script.sourceFunctionName ?? ''}`.trim(),
          durationMs: Math.round(script.duration),
        }))
        .sort((a, b) => b.durationMs - a.durationMs)
        .slice(0, 5),
    };
  };

  w.__benchFrames = {
    start(): void {
      frames = [];
      loafs = [];
      longtasks = [];
      recording = true;
      startedAt = performance.now();
      requestAnimationFrame(tick);
    },
    async stop() {
      // A long animation frame's entry is queued after that frame; let two more frames pass so
      // the last one's entry has arrived before the records are taken.
      await new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))),
      );
      for (const observer of observers)
        observer.takeRecords().forEach((entry) => {
          if (entry.entryType === 'longtask') longtasks.push(entry);
          else loafs.push(entry as Loaf);
        });
      recording = false;
      const gaps = sortedGaps();
      const frameMs = 1000 / 60;
      const longest = [...loafs].sort((a, b) => b.duration - a.duration)[0];
      return {
        windowMs: performance.now() - startedAt,
        frames: frames.length,
        p50FrameMs: rank(gaps, 0.5),
        p99FrameMs: rank(gaps, 0.99),
        maxFrameMs: gaps.at(-1) ?? 0,
        shareOver25: gaps.length === 0 ? 0 : gaps.filter((gap) => gap > 25).length / gaps.length,
        droppedFrames: sum(gaps.map((gap) => Math.max(0, Math.round(gap / frameMs) - 1))),
        loafCount: loafs.length,
        loafOver50: loafs.filter((entry) => entry.duration > 50).length,
        maxLoafMs: Math.max(0, ...loafs.map((entry) => entry.duration)),
        loafSumMs: sum(loafs.map((entry) => entry.duration)),
        loafBlockingSumMs: sum(loafs.map((entry) => entry.blockingDuration ?? 0)),
        longtaskCount: longtasks.length,
        maxLongtaskMs: Math.max(0, ...longtasks.map((entry) => entry.duration)),
        longtaskSumMs: sum(longtasks.map((entry) => entry.duration)),
        loafTimeline: loafs.map((entry) => ({
          at: performance.timeOrigin + entry.startTime,
          ms: Math.round(entry.duration),
        })),
        longestLoaf: longest === undefined ? null : describeLoaf(longest),
      };
    },
  };
}
