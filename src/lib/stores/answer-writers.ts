/**
 * Which tab is writing which answer, across tabs, with the Web Locks API: the writing tab holds a
 * lock named after the answer until it ends, and the browser releases it when that tab goes
 * away (closed, crashed, discarded). Another tab showing that answer as "being written
 * elsewhere" waits for the lock, so the marker clears the moment the writer is done or gone.
 */
export interface AnswerWriters {
  /** Holds the answer's lock while this tab writes it; call the result to release it. */
  hold(messageId: string): () => void;
  /**
   * Resolves once no tab writes the answer (at once when none does). Where the browser cannot
   * tell (no Web Locks), it never resolves and the time-based marker stays in charge.
   */
  whenFree(messageId: string, signal: AbortSignal): Promise<void>;
}

const PREFIX = 'brook.answer.';

export function webLockWriters(locks: LockManager | undefined = globalThis.navigator?.locks): AnswerWriters {
  if (!locks) return noWriters;
  return {
    hold(messageId) {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      locks.request(PREFIX + messageId, () => held).catch(() => undefined);
      return release;
    },
    whenFree(messageId, signal) {
      return new Promise<void>((resolve) => {
        locks.request(PREFIX + messageId, { signal }, () => resolve()).catch(() => undefined); // aborted: the reader moved on
      });
    },
  };
}

export const noWriters: AnswerWriters = {
  hold: () => () => undefined,
  whenFree: () => new Promise<void>(() => undefined),
};
