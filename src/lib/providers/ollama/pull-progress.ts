/**
 * One figure for a whole Ollama download. `/api/pull` streams a status line per step and, while
 * it downloads, one per layer (`digest`, `total`, `completed`); the model's size is the sum of
 * its layers, each counted once at its latest figure (server/images.go PullModel).
 */
import type { ModelProgress } from '../../vocabulary/models';

interface PullLine {
  status?: unknown;
  digest?: unknown;
  total?: unknown;
  completed?: unknown;
}

export class PullProgressTotals {
  private readonly layers = new Map<string, { total: number; completed: number }>();

  /** The download as it stands after `line`. */
  add(line: PullLine): ModelProgress {
    const status = typeof line.status === 'string' ? line.status : '';
    if (typeof line.digest === 'string' && typeof line.total === 'number' && line.total > 0) {
      const completed = typeof line.completed === 'number' ? Math.min(line.completed, line.total) : 0;
      this.layers.set(line.digest, { total: line.total, completed });
    }
    if (this.layers.size === 0) return { status };
    let totalBytes = 0;
    let completedBytes = 0;
    for (const layer of this.layers.values()) {
      totalBytes += layer.total;
      completedBytes += layer.completed;
    }
    return { status, completedBytes, totalBytes };
  }
}
