import { ProviderError } from '../../src/lib/providers/errors';
import type { StreamEvent } from '../../src/lib/vocabulary/chat';

/** A queue the test pushes events (or an error) into; a scripted provider yields them as they come. */
export class EventQueue {
  private items: (StreamEvent | Error)[] = [];
  private wake: (() => void) | null = null;

  push(...items: (StreamEvent | Error)[]): void {
    this.items.push(...items);
    this.wake?.();
  }

  /** Yields pushed events until a finish event; throws a pushed error, or 'aborted' once `signal` aborts. */
  async *drain(signal: AbortSignal): AsyncGenerator<StreamEvent> {
    for (;;) {
      if (signal.aborted) throw new ProviderError('aborted', 'Stopped.');
      const item = this.items.shift();
      if (item === undefined) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        continue;
      }
      if (item instanceof Error) throw item;
      yield item;
      if (item.type === 'finish') return;
    }
  }
}
