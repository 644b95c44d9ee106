// Types for seeded-random.mjs.
export declare function seeded(seed: number): () => number;
