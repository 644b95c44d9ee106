/** A random number source in [0, 1), like Math.random. */
export type Random = () => number;

/** The project's one seeded generator (mulberry32), so random tests repeat. */
export { seeded } from '../../scripts/lib/seeded-random.mjs';
