/** Timer functions, injectable so tests can drive time. */
export interface SaverClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: SaverClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ThrottledSaverOptions<T> {
  /** Reads the latest value at write time, so a write never stores stale text. */
  read(): T;
  save(value: T): Promise<void>;
  /** At most one write per this many ms while changes keep coming. */
  intervalMs: number;
  onError(error: unknown): void;
  clock?: SaverClock;
}

export interface ThrottledSaver {
  /** Note a change; it is written within `intervalMs`. */
  changed(): void;
  /** Write now (stop, error, complete, page hidden) and wait for every queued write. */
  flush(): Promise<void>;
  /** Cancel any pending timer; queued writes still finish. */
  dispose(): void;
}

/**
 * Saves a streaming answer at most once per interval. Writes run one after another, so an
 * older snapshot can never land after a newer one.
 */
export function createThrottledSaver<T>(options: ThrottledSaverOptions<T>): ThrottledSaver {
  const clock = options.clock ?? realClock;
  let timer: unknown = undefined;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();
  let disposed = false;

  function write(): Promise<void> {
    lastWriteAt = clock.now();
    queue = queue.then(async () => {
      try {
        await options.save(options.read());
      } catch (error) {
        options.onError(error);
      }
    });
    return queue;
  }

  function clearTimer(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  return {
    changed() {
      if (disposed || timer !== undefined) return;
      const wait = Math.max(0, lastWriteAt + options.intervalMs - clock.now());
      timer = clock.setTimeout(() => {
        timer = undefined;
        void write();
      }, wait);
    },
    flush() {
      clearTimer();
      return write();
    },
    dispose() {
      disposed = true;
      clearTimer();
    },
  };
}
