/**
 * A memo of at most `limit` entries that forgets the least recently used first: the renderer and the
 * sanitizer meet the same formulas on every streaming update, and a long session must not keep them all.
 */
export class RecentCache<K, V> {
  readonly #limit: number;
  readonly #entries = new Map<K, V>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The value kept for `key`, made (and kept) by `make` the first time. */
  get(key: K, make: (key: K) => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = make(key);
      if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
    } else {
      this.#entries.delete(key); // most recently used last
    }
    this.#entries.set(key, value);
    return value;
  }
}
