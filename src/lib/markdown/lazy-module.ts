/** A part of the renderer loaded on first need (its own chunk), with who waits for it. */
export interface LazyModuleLoader<T> {
  /** Starts loading once; later calls return the same promise. A failed load is tried again next time. */
  load(): Promise<void>;
  /** The module, or null until it has loaded. */
  get(): T | null;
  /** Calls `listener` once the module has loaded (at once if it has). Returns an unsubscribe function. */
  onLoaded(listener: () => void): () => void;
}

/** A loader for the chunk `importer` brings in; `failureNote` is logged when that fails. */
export function lazyModule<T>(importer: () => Promise<T>, failureNote: string): LazyModuleLoader<T> {
  let module: T | null = null;
  let loading: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  return {
    load() {
      loading ??= importer().then(
        (loaded) => {
          module = loaded;
          for (const listener of listeners) listener();
          listeners.clear();
        },
        (error: unknown) => {
          loading = null; // a later need tries again (e.g. after going back online)
          console.warn(`markdown: ${failureNote}`, error);
        },
      );
      return loading;
    },
    get: () => module,
    onLoaded(listener) {
      if (module) {
        listener();
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
