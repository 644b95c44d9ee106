import type { PrepareOutcome, PrepareRequest, PrepareResponse } from './prepare-protocol';

export interface PreparePort {
  postMessage(message: PrepareRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PrepareResponse>) => void): void;
}

/**
 * The page's side of the attachments worker, started with the first file. Each file is handed
 * over as it is (a File is a handle: no bytes are read on the page) and its outcome comes back.
 */
export class AttachmentPreparer {
  private next = 0;
  private readonly waiting = new Map<number, (outcome: PrepareOutcome) => void>();

  constructor(private readonly port: PreparePort) {
    port.addEventListener('message', (event) => {
      const { id, outcome } = event.data;
      this.waiting.get(id)?.(outcome);
      this.waiting.delete(id);
    });
  }

  static start(): AttachmentPreparer {
    const worker = new Worker(new URL('./prepare-worker.ts', import.meta.url), {
      type: 'module',
      name: 'brook-attachments',
    });
    const preparer = new AttachmentPreparer(worker);
    worker.addEventListener('error', () => preparer.failAll('the attachments worker stopped.'));
    return preparer;
  }

  prepare(file: Blob, name: string, claimedType = file.type): Promise<PrepareOutcome> {
    const id = ++this.next;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.port.postMessage({ type: 'prepare', id, file, name, claimedType });
    });
  }

  private failAll(why: string): void {
    for (const resolve of this.waiting.values()) resolve({ ok: false, message: `Could not attach: ${why}` });
    this.waiting.clear();
  }
}
