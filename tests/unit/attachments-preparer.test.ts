/**
 * The page's side of the attachments worker: a file the worker never answers for (stuck, or
 * killed out of memory without a word) is given up after LIMITS.prepareMs with a clear message,
 * and the next file goes to a fresh worker. Time is the test's (fake timers), not the clock's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AttachmentPreparer, type PreparePort } from '../../src/lib/attachments/prepare-client';
import { LIMITS } from '../../src/lib/attachments/limits';
import type { PrepareRequest, PrepareResponse } from '../../src/lib/attachments/prepare-protocol';

class FakeWorker implements PreparePort {
  readonly received: PrepareRequest[] = [];
  terminated = false;
  private onMessage: ((event: MessageEvent<PrepareResponse>) => void) | null = null;
  private onError: (() => void) | null = null;
  postMessage(message: PrepareRequest): void {
    this.received.push(message);
  }
  addEventListener(
    type: 'message' | 'error',
    listener: (event: MessageEvent<PrepareResponse>) => void,
  ): void {
    if (type === 'message') this.onMessage = listener;
    else this.onError = listener as () => void;
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(id: number, text: string): void {
    const ref = { id: 'r', kind: 'text' as const, name: 'a.txt', mimeType: 'text/plain', sizeBytes: 1 };
    const outcome = { ok: true as const, attachment: { ref, data: new Blob([text]), text }, tookMs: 1 };
    this.onMessage?.({ data: { type: 'prepared', id, outcome } } as MessageEvent<PrepareResponse>);
  }
  crash(): void {
    this.onError?.();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the attachments worker, from the page', () => {
  it('gives up on a file the worker never answers, and starts a new worker for the next', async () => {
    vi.useFakeTimers();
    const workers: FakeWorker[] = [];
    const preparer = new AttachmentPreparer(() => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    });
    const stuck = preparer.prepare(new Blob(['x']), 'huge.png');
    expect(workers).toHaveLength(1);
    vi.advanceTimersByTime(LIMITS.prepareMs - 1);
    let settled = false;
    void stuck.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await stuck).toEqual({
      ok: false,
      message: `“huge.png” took too long to prepare (over ${LIMITS.prepareMs / 1000} s), so Brook gave up on it. Try a smaller file.`,
    });
    expect(workers[0]!.terminated).toBe(true);

    const next = preparer.prepare(new Blob(['y']), 'a.txt');
    expect(workers).toHaveLength(2);
    workers[1]!.answer(workers[1]!.received[0]!.id, 'y');
    expect(await next).toMatchObject({ ok: true, attachment: { text: 'y' } });
  });

  it('a worker that stops refuses the files in it, and a late answer changes nothing', async () => {
    const workers: FakeWorker[] = [];
    const preparer = new AttachmentPreparer(() => {
      workers.push(new FakeWorker());
      return workers.at(-1)!;
    });
    const a = preparer.prepare(new Blob(['a']), 'a.txt');
    const b = preparer.prepare(new Blob(['b']), 'b.txt');
    workers[0]!.crash();
    expect(await a).toEqual({
      ok: false,
      message: '“a.txt” could not be prepared: the attachments worker stopped.',
    });
    expect(await b).toEqual({
      ok: false,
      message: '“b.txt” could not be prepared: the attachments worker stopped.',
    });
    workers[0]!.answer(1, 'late'); // nothing waits for it any more
    const c = preparer.prepare(new Blob(['c']), 'c.txt');
    expect(workers).toHaveLength(2);
    workers[1]!.answer(workers[1]!.received[0]!.id, 'c');
    expect(await c).toMatchObject({ ok: true });
  });
});
