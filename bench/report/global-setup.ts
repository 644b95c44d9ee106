/**
 * Before the bench specs: forget the parts of an earlier run, note the machine and versions, and
 * build + serve the harness pages (their URL reaches the specs through BENCH_HARNESS_URL).
 */
import { buildHarness, serveHarness } from '../lib/harness-server';
import { clearParts, writePart } from '../lib/parts';
import { describeEnvironment } from './environment';

export default async function globalSetup(): Promise<() => Promise<void>> {
  clearParts();
  writePart('environment', { startedAt: new Date().toISOString(), ...describeEnvironment() });
  await buildHarness();
  const harness = await serveHarness();
  process.env.BENCH_HARNESS_URL = harness.url;
  return () => harness.close();
}
