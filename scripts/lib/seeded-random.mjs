// mulberry32: a small, fast generator that gives the same numbers on every run for a given seed.
// Plain JavaScript so Node scripts (the tiny model's weights) and the TypeScript tests and
// benchmarks (random inputs, the markdown corpus) share one implementation.

/** A source of numbers in [0, 1), like Math.random, that repeats for a given seed. */
export function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
