/**
 * Transport overhead: chunks per second through each provider's eventBatches() (what the chat
 * worker reads) against a raw reader of the same emulator stream (the practical limit) and the
 * official client used directly.
 * The emulators write a long answer in one burst, so the figure is the reader's own speed; then, in the
 * worker, one network write per token (as real servers stream), where the network and the socket's reads count.
 * Paths interleaved round by round; in a Chromium module worker, then in Node.
 */
import { expect, test, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import type { TransportOutcome, TransportPath, TransportRun } from '../harness/messages';
import { runTransportPath, type SocketFactory } from '../harness/transport-paths';
import { MODELS } from '../lib/app';
import { startEmulators, type Emulators, type ProviderId } from '../lib/emulators';
import { markdownTokens } from '../lib/markdown-corpus';
import { writePart } from '../lib/parts';
import { BENCH } from '../lib/settings';
import { median, round, summarize } from '../lib/stats';

const KINDS = ['raw', 'provider', 'client'] as const;
const SERVERS: readonly ProviderId[] = ['ollama', 'lmstudio-rest', 'lmstudio-native'];
/** The HTTP servers, whose streams can come in one write or one write per token (LM Studio native is a message per token anyway). */
const HTTP_SERVERS: readonly ProviderId[] = ['ollama', 'lmstudio-rest'];
const pathsOf = (servers: readonly ProviderId[]): TransportPath[] =>
  servers.flatMap((server) => KINDS.map((kind): TransportPath => `${server}:${kind}`));

/** How the emulator writes the answer: all at once, or one network write per token (as real servers do). */
type Writes = 'burst' | 'per-token';

type Runner = (run: TransportRun) => Promise<TransportOutcome>;

function chunksPerSecond(outcome: TransportOutcome): number {
  const seconds = (outcome.lastAt - outcome.firstAt) / 1000;
  return outcome.chunks > 1 && seconds > 0 ? (outcome.chunks - 1) / seconds : Number.NaN;
}

async function measure(emulators: Emulators, runner: Runner, rounds: number, writes: Writes = 'burst') {
  const servers = writes === 'burst' ? SERVERS : HTTP_SERVERS;
  const PATHS = pathsOf(servers);
  const tokens = markdownTokens(
    writes === 'burst' ? BENCH.transportChunks : BENCH.transportPerWriteChunks,
    'Endmark',
  );
  const nativeTokens = markdownTokens(BENCH.transportNativeChunks, 'Endmark');
  for (const server of servers) {
    emulators.get(server).script({
      tokens: server === 'lmstudio-native' ? nativeTokens : tokens,
      ...(writes === 'burst' ? { burst: true } : { tokenDelayMs: 0 }),
    });
  }
  const rates = new Map<TransportPath, number[]>(PATHS.map((path) => [path, []]));
  const notes = new Map<TransportPath, string[]>(PATHS.map((path) => [path, []]));
  // One unmeasured pass warms up connections, JIT and lazily loaded clients.
  for (let pass = -1; pass < rounds; pass += 1) {
    // Alternate the order round by round, so no path always runs right after the same other.
    for (const path of pass % 2 === 0 ? PATHS : [...PATHS].reverse()) {
      const server = path.slice(0, path.indexOf(':')) as ProviderId;
      const outcome = await runner({
        path,
        baseUrl: emulators.urls[server],
        model: MODELS[server],
        capMs: BENCH.transportCapMs,
      });
      if (pass < 0) continue;
      if (outcome.error) notes.get(path)?.push(outcome.error);
      else if (outcome.capped)
        notes.get(path)?.push(`capped at ${BENCH.transportCapMs} ms after ${outcome.chunks} chunks`);
      rates.get(path)?.push(chunksPerSecond(outcome));
    }
  }
  const paths = Object.fromEntries(
    PATHS.map((path) => [
      path,
      { chunksPerSecond: summarize(rates.get(path) ?? []), notes: notes.get(path) },
    ]),
  );
  // Ratios against the raw reader of the same server, from the medians of this run.
  const ratios = Object.fromEntries(
    servers.map((server) => {
      const raw = median(rates.get(`${server}:raw`) ?? []);
      const of = (kind: 'provider' | 'client') => round(median(rates.get(`${server}:${kind}`) ?? []) / raw);
      return [server, { providerVsRaw: of('provider'), clientVsRaw: of('client') }];
    }),
  );
  return { chunks: tokens.length, nativeChunks: nativeTokens.length, paths, ratios };
}

async function openTransportHarness(page: Page): Promise<void> {
  const url = process.env.BENCH_HARNESS_URL;
  if (url === undefined) throw new Error('BENCH_HARNESS_URL is not set (bench/report/global-setup.ts)');
  await page.goto(`${url}transport.html`);
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
}

test('transport: providers versus raw reader and official clients', async ({ browser }) => {
  test.setTimeout(12 * 60_000);
  const emulators = await startEmulators();
  const result: Record<string, unknown> = {
    method:
      'emulator writes the answer in one burst (chromiumWorker, node) or one network write per token (chromiumWorkerPerWrite, HTTP servers); chunks/s = (chunks - 1) / (last chunk time - first chunk time); runs capped by wall time',
  };
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openTransportHarness(page);
    const inWorker: Runner = (run) =>
      page.evaluate(
        (r) =>
          (
            window as unknown as { transportHarness: { run(r: TransportRun): Promise<TransportOutcome> } }
          ).transportHarness.run(r),
        run,
      );
    result.chromiumWorker = await measure(emulators, inWorker, BENCH.rounds);
    result.chromiumWorkerPerWrite = await measure(emulators, inWorker, BENCH.rounds, 'per-token');
    await context.close();
    const inNode: Runner = (run) => runTransportPath(run, WebSocket as unknown as SocketFactory);
    result.node = await measure(emulators, inNode, Math.max(1, BENCH.rounds - 1));
  } finally {
    await emulators.close();
    writePart('transport', result);
  }
});
