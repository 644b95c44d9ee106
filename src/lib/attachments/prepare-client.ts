import { LIMITS, REFUSALS } from './limits';
import type { PrepareOutcome, PrepareRequest, PrepareResponse } from './prepare-protocol';

export interface PreparePort {
  postMessage(message: PrepareRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PrepareResponse>) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
  terminate(): void;
}

interface Waiting {
  name: string;
  resolve(outcome: PrepareOutcome): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The page's side of the attachments worker, started with the first file. Each file is handed
 * over as it is (a File is a handle: no bytes are read on the page) and its outcome comes back.
 * A file that takes longer than LIMITS.prepareMs (a worker stuck or killed, e.g. out of memory,
 * which may not even say so) is given up and the worker started afresh for the next one.
 */
export class AttachmentPreparer {
  private next = 0;
  private port: PreparePort | null = null;
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly startPort: () => PreparePort) {}

  static start(): AttachmentPreparer {
    return new AttachmentPreparer(
      () =>
        new Worker(new URL('./prepare-worker.ts', import.meta.url), {
          type: 'module',
          name: 'brook-attachments',
        }),
    );
  }

  prepare(file: Blob, name: string, claimedType = file.type): Promise<PrepareOutcome> {
    const id = ++this.next;
    const port = this.connected();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.giveUp(id), LIMITS.prepareMs);
      this.waiting.set(id, { name, resolve, timer });
      port.postMessage({ type: 'prepare', id, file, name, claimedType });
    });
  }

  private connected(): PreparePort {
    if (this.port) return this.port;
    const port = this.startPort();
    port.addEventListener('message', (event) => this.settle(event.data.id, event.data.outcome));
    port.addEventListener('error', () => this.restart('the attachments worker stopped.'));
    this.port = port;
    return port;
  }

  private settle(id: number, outcome: PrepareOutcome): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(id);
    waiting.resolve(outcome);
  }

  private giveUp(id: number): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.settle(id, { ok: false, message: REFUSALS.tooSlow(waiting.name) });
    this.restart('the attachments worker was restarted.');
  }

  /** Ends the worker; files still in it are refused, and the next file starts a new one. */
  private restart(why: string): void {
    this.port?.terminate();
    this.port = null;
    for (const id of [...this.waiting.keys()]) {
      const name = this.waiting.get(id)!.name;
      this.settle(id, { ok: false, message: REFUSALS.failed(name, why) });
    }
  }
}
