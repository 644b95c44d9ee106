/** A size as people read it: 980 B, 12 KB, 3.4 MB, 812 MB, 4.7 GB (a file's or a model's). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}
