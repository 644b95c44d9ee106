/**
 * A Web Locks double for Node (which has no navigator.locks): exclusive locks granted in request
 * order, shared by every "tab" made from one registry, and a tab that dies lets go of its locks,
 * as the browser does for a closed or crashed page.
 */
type Grant = () => void;

interface Waiter {
  client: number;
  grant: Grant;
}

export class FakeLockRegistry {
  private readonly held = new Map<string, number>();
  private readonly queues = new Map<string, Waiter[]>();
  private readonly releases = new Map<number, Map<string, () => void>>();
  private clients = 0;

  /** The LockManager of one tab. */
  tab(): { locks: LockManager; die(): void } {
    const client = ++this.clients;
    const locks = {
      request: (name: string, ...rest: unknown[]) => {
        const callback = rest.at(-1) as () => Promise<unknown> | unknown;
        const options = (rest.length > 1 ? rest[0] : {}) as { signal?: AbortSignal };
        return new Promise((resolve, reject) => {
          const waiter: Waiter = {
            client,
            grant: () => {
              this.held.set(name, client);
              let done = false;
              const release = () => {
                if (done) return;
                done = true;
                this.releases.get(client)?.delete(name);
                this.held.delete(name);
                this.next(name);
              };
              if (!this.releases.has(client)) this.releases.set(client, new Map());
              this.releases.get(client)!.set(name, release);
              Promise.resolve(callback()).then(
                (value) => {
                  release();
                  resolve(value);
                },
                (error: unknown) => {
                  release();
                  reject(error);
                },
              );
            },
          };
          options.signal?.addEventListener('abort', () => {
            const queue = this.queues.get(name) ?? [];
            const at = queue.indexOf(waiter);
            if (at !== -1) queue.splice(at, 1);
            reject(new DOMException('aborted', 'AbortError'));
          });
          const queue = this.queues.get(name) ?? [];
          this.queues.set(name, queue);
          queue.push(waiter);
          if (!this.held.has(name)) this.next(name);
        });
      },
      query: async () => ({ held: [], pending: [] }),
    } as unknown as LockManager;
    return {
      locks,
      die: () => {
        for (const release of [...(this.releases.get(client)?.values() ?? [])]) release();
      },
    };
  }

  private next(name: string): void {
    if (this.held.has(name)) return;
    const waiter = this.queues.get(name)?.shift();
    waiter?.grant();
  }
}
