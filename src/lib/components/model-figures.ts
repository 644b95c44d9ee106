/**
 * Model management figures as people read them: a download's share, bytes, speed and time left;
 * a loaded model's memory, GPU share and when it unloads.
 */
import { formatBytes } from '../attachments/format-bytes';
import type { PullState } from '../stores/model-ops-store';
import type { LoadedModel, ModelProgress } from '../vocabulary/models';

/** Whole percent done (never 100 before the end), or undefined while the size is unknown. */
export function percentDone(progress: ModelProgress): number | undefined {
  if (progress.totalBytes && progress.totalBytes > 0 && progress.completedBytes !== undefined)
    return Math.floor((100 * progress.completedBytes) / progress.totalBytes);
  if (progress.fraction !== undefined) return Math.floor(100 * progress.fraction);
  return undefined;
}

/** 45 s, 4 min, 1 h 20 min. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "42 % · 340 MB of 815 MB · 12 MB/s · 38 s left", or the server's status while there are no bytes. */
export function pullLine(pull: PullState): string {
  const { progress } = pull;
  const percent = percentDone(progress);
  if (pull.phase === 'done') return 'Downloaded.';
  const parts: string[] = [];
  if (percent !== undefined) parts.push(`${percent} %`);
  if (progress.totalBytes !== undefined && progress.completedBytes !== undefined)
    parts.push(`${formatBytes(progress.completedBytes)} of ${formatBytes(progress.totalBytes)}`);
  if (pull.phase === 'running') {
    if (pull.bytesPerSecond !== undefined) parts.push(`${formatBytes(pull.bytesPerSecond)}/s`);
    if (pull.secondsLeft !== undefined) parts.push(`${formatDuration(pull.secondsLeft)} left`);
    if (parts.length === 0 || percent === 100) parts.push(progress.status);
  }
  if (pull.phase === 'stopped') parts.push('stopped');
  return parts.join(' · ');
}

/** "2.0 GB · all on the GPU · unloads in 4 min". */
export function loadedLine(model: LoadedModel, now: number): string {
  const parts: string[] = [];
  if (model.sizeBytes !== undefined) parts.push(formatBytes(model.sizeBytes));
  if (model.sizeBytes && model.vramBytes !== undefined) {
    const gpu = Math.round((100 * model.vramBytes) / model.sizeBytes);
    parts.push(gpu >= 100 ? 'all on the GPU' : gpu <= 0 ? 'on the CPU' : `${gpu} % GPU / ${100 - gpu} % CPU`);
  }
  if (model.contextLength !== undefined) parts.push(`${model.contextLength.toLocaleString('en')} ctx`);
  const expires = model.expiresAt === undefined ? Number.NaN : Date.parse(model.expiresAt);
  if (model.staysUntilUnloaded) parts.push('stays loaded');
  else if (Number.isFinite(expires))
    parts.push(expires <= now ? 'unloading' : `unloads in ${formatDuration((expires - now) / 1000)}`);
  return parts.join(' · ');
}
