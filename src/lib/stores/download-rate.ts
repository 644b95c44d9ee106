/**
 * Speed and time left of a download from its byte counts over the last few seconds: a window
 * short enough to follow a change of speed, long enough not to jump with each progress line.
 */
const WINDOW_MS = 8_000;
/** Below this much history a speed would be a guess. */
const MIN_SPAN_MS = 1_000;

export interface DownloadRateFigures {
  bytesPerSecond?: number;
  secondsLeft?: number;
}

export class DownloadRate {
  private readonly samples: { at: number; bytes: number }[] = [];

  add(completedBytes: number, totalBytes: number | undefined, now: number): DownloadRateFigures {
    const last = this.samples[this.samples.length - 1];
    // A new layer's count can only add to the whole; a lower figure starts the window again.
    if (last && completedBytes < last.bytes) this.samples.length = 0;
    this.samples.push({ at: now, bytes: completedBytes });
    while (this.samples.length > 2 && now - (this.samples[0]?.at ?? now) > WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    if (!first || now - first.at < MIN_SPAN_MS) return {};
    const bytesPerSecond = ((completedBytes - first.bytes) * 1000) / (now - first.at);
    if (!(bytesPerSecond > 0)) return {};
    const figures: DownloadRateFigures = { bytesPerSecond };
    if (totalBytes !== undefined && totalBytes >= completedBytes)
      figures.secondsLeft = (totalBytes - completedBytes) / bytesPerSecond;
    return figures;
  }
}
