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
  /** At most one write per this many ms while changes keep coming (read when a write is scheduled). */
  intervalMs: number | (() => number);
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

/** Main-thread time an IndexedDB write takes per million characters (the structured clone), measured. */
const WRITE_MS_PER_MILLION_CHARS = 3;

/**
 * The interval for a text of `chars` characters: `baseMs`, or longer for a runaway answer of megabytes, so
 * its writes (each a copy of all of it) stay about 1 % of the main thread's time.
 */
export function sizeAwareInterval(baseMs: number, chars: number): number {
  return Math.max(baseMs, (chars / 1e6) * WRITE_MS_PER_MILLION_CHARS * 100);
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
      const interval = typeof options.intervalMs === 'number' ? options.intervalMs : options.intervalMs();
      const wait = Math.max(0, lastWriteAt + interval - clock.now());
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
