/**
 * How much each benchmark does. `BENCH_QUICK=1` (npm run bench -- --quick) makes a short smoke run
 * whose figures are not for publishing; `BENCH_ROUNDS` overrides the number of interleaved rounds.
 */
const quick = process.env.BENCH_QUICK === '1';

export const BENCH = {
  quick,
  /** Interleaved rounds (A B C, A B C, ...) for rendering and transport. */
  rounds: Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3)),
  /** Measured time-to-first-token runs per provider (after warm-up runs). */
  ttftRuns: quick ? 6 : 30,
  ttftWarmup: 3,
  /** The long answer for burst, per-token and 2,000 tok/s runs. */
  longAnswerTokens: quick ? 5_000 : 20_000,
  /**
   * The rate sweep: fixed rates and how many tokens each streams (about 10 s of streaming up to 2,000 tok/s,
   * the long answer above that; fewer at low rates, to bound each run's time).
   */
  rates: quick
    ? [
        { tokensPerSecond: 50, tokens: 250 },
        { tokensPerSecond: 1_000, tokens: 2_000 },
        { tokensPerSecond: 10_000, tokens: 5_000 },
      ]
    : [
        { tokensPerSecond: 50, tokens: 500 },
        { tokensPerSecond: 100, tokens: 1_000 },
        { tokensPerSecond: 500, tokens: 5_000 },
        { tokensPerSecond: 1_000, tokens: 10_000 },
        { tokensPerSecond: 2_000, tokens: 20_000 },
        { tokensPerSecond: 5_000, tokens: 20_000 },
        { tokensPerSecond: 10_000, tokens: 20_000 },
      ],
  /** Rates at which an idle page receives the same traffic, as the baseline of the main-thread share. */
  idleRates: quick ? [50, 1_000] : [50, 1_000, 10_000],
  /** Rich answers (markdown beside math and diagrams): tokens per answer, and the fixed rate beside the burst. */
  richAnswerTokens: quick ? 2_000 : 6_000,
  richAnswerRate: 1_000,
  /** The naive whole-document renderer stops after this long and reports how far it got. */
  naiveCapMs: quick ? 4_000 : 10_000,
  /** Any rendering run gives up after this long (a hang must not stall the whole benchmark). */
  renderRunCapMs: 60_000,
  /**
   * Chunks per transport run (HTTP servers; LM Studio native writes one WebSocket message per
   * chunk, which a browser reads far slower, so it gets fewer), and the wall-time cap of one run
   * (slow clients report how far they got).
   */
  transportChunks: quick ? 20_000 : 200_000,
  transportNativeChunks: quick ? 5_000 : 30_000,
  /** Chunks per transport run when the emulator makes one network write per token (far slower to write). */
  transportPerWriteChunks: quick ? 5_000 : 30_000,
  transportCapMs: 3_000,
  /** Memory: answers of longAnswerTokens each, streamed into one conversation (5 × 20,000 = 100,000). */
  memoryAnswers: quick ? 2 : 5,
  /** Cold loads of the built app, each in a fresh browser context. */
  loadRuns: quick ? 3 : 7,
} as const;
