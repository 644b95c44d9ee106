/**
 * Send and stop, 200 times in quick succession, through the real worker core, provider and client
 * library against each emulator: every stop ends its request as `cancelled` with only its own
 * text (no ghost chunk of an earlier request lands in a later one), and the server sees every
 * connection closed (HTTP) or every prediction cancelled (LM Studio native, one shared socket).
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { EmulatorHandle } from '../emulators/scenario';
import {
  SERVERS,
  ask,
  closeAll,
  isHttp,
  isNative,
  startWorkerRig,
  taggedTokens,
  targetOf,
  type Answer,
  type Asked,
  type WorkerRig,
} from './reliability-support';

const ROUNDS = 200;
const TOKENS_PER_ANSWER = 40;
const CHAT_PATHS = new Set(['/api/chat', '/v1/chat/completions', '/llm/predict']);

const emulators: EmulatorHandle[] = [];
const rigs: WorkerRig[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) rig.close();
  await closeAll(emulators);
});

/** Waits until the first chunk of `asked` arrived (or it ended), bounded. */
async function firstChunk(asked: Asked, done: { settled: boolean }): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (asked.shown() === '' && !done.settled) {
    if (Date.now() > deadline) throw new Error('no first chunk within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Every word of the answer belongs to `round`, and the text is a prefix of that round's answer. */
function expectOwnText(answer: Answer, round: number): void {
  const full = taggedTokens(round, TOKENS_PER_ANSWER).join('');
  const texts = [answer.shown, answer.complete?.text ?? answer.error?.partialText ?? ''];
  for (const text of texts) {
    const rounds = new Set([...text.matchAll(/r(\d+)w/g)].map((match) => Number(match[1])));
    expect(
      [...rounds].filter((r) => r !== round),
      `ghost words in answer ${round}: ${text}`,
    ).toEqual([]);
    expect(full.startsWith(text), `answer ${round} is not a prefix of its own: ${text}`).toBe(true);
  }
}

describe.each(SERVERS)('$kind', (server) => {
  test(`send and stop ${ROUNDS} times: each stop is cancelled, no ghost chunks, nothing left open`, async () => {
    const emulator = await server.start();
    emulators.push(emulator);
    const rig = startWorkerRig();
    rigs.push(rig);
    const target = targetOf(server.kind, emulator);
    const finished: Array<Promise<Answer>> = [];

    for (let round = 0; round < ROUNDS; round += 1) {
      emulator.script({ tokens: taggedTokens(round, TOKENS_PER_ANSWER), tokenDelayMs: 2 });
      const asked = ask(rig.client, target, server.model, {}, `question ${round}`);
      const state = { settled: false };
      const checked = asked.done.then((answer) => {
        state.settled = true;
        expectOwnText(answer, round);
        return answer;
      });
      finished.push(checked);
      // A third of the stops come before any token, the rest after the first one.
      if (round % 3 !== 0) await firstChunk(asked, state);
      asked.cancel();
      // The next send goes out at once, without waiting for the stop to be confirmed.
    }

    const answers = await Promise.all(finished);
    for (const answer of answers) {
      expect(answer.error, answer.error?.message).toBeUndefined();
      expect(answer.complete?.finishReason).toBe('cancelled');
    }
    const stoppedMidAnswer = answers.filter((answer) => answer.shown !== '').length;
    expect(stoppedMidAnswer).toBeGreaterThan(ROUNDS / 2);

    // A native channel's later messages (the cancel) are recorded under its path too: count creations.
    const chats = (): number =>
      emulator.requests.filter(
        (request) =>
          CHAT_PATHS.has(request.path) && (request.body as { type?: unknown }).type !== 'channelSend',
      ).length;
    if (isHttp(emulator)) {
      await emulator.waitForRequestConnectionsClosed();
      // Every chat response the server started has ended: the client closed it (or it finished).
      await until(() => emulator.outcomes.length === chats(), 'an outcome for every chat request');
      expect(emulator.outcomes.filter((outcome) => outcome !== 'gone' && outcome !== 'finished')).toEqual([]);
    }
    if (isNative(emulator)) {
      await until(() => emulator.cancellations.length === chats(), 'a cancel for every prediction');
      // One shared socket per namespace used (llm), not one per request.
      expect(emulator.stats.open).toBeLessThanOrEqual(1);
    }
  }, 120_000);
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
