/**
 * In-page paint watch, installed before any page script runs (page.addInitScript): `arm()`
 * starts a MutationObserver that notices when a text (or a selector) appears; then come the next
 * animation frame and the task after that frame (painted). Times are epoch ms
 * (performance.timeOrigin + performance.now()), the clock the emulators stamp their writes with.
 * The install function is serialized into the page: it must not use anything from outside itself.
 */

/** When a watched text or selector appeared: in the DOM, at the next frame, after that frame. */
export interface PaintTimes {
  domAt: number;
  frameAt: number;
  paintedAt: number;
}

export function installPaintWatch(): void {
  const w = window as unknown as { __benchPaint?: unknown };
  if (w.__benchPaint) return;
  const epoch = (): number => performance.timeOrigin + performance.now();
  const watches = new Map<string, Promise<{ domAt: number; frameAt: number; paintedAt: number }>>();
  const afterNextFrame = (domAt: number) =>
    new Promise<{ domAt: number; frameAt: number; paintedAt: number }>((resolve) => {
      requestAnimationFrame(() => {
        const frameAt = epoch();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ domAt, frameAt, paintedAt: epoch() });
        channel.port2.postMessage(0);
      });
    });
  const found = (kind: 'text' | 'selector', value: string, records: MutationRecord[]): boolean => {
    if (kind === 'selector') return document.querySelector(value) !== null;
    for (const record of records) {
      if (record.type === 'characterData' && (record.target as CharacterData).data.includes(value))
        return true;
      for (const node of record.addedNodes) if (node.textContent?.includes(value)) return true;
    }
    return false;
  };

  w.__benchPaint = {
    epoch,
    /**
     * The floor under any "to next frame" time: with frames running (as they do while the
     * app's waiting indicator animates), change a text `delayMs` from now and measure how long
     * until the next animation frame starts. Frames start on a fixed 60 Hz clock, so this is
     * spread over 0–16.7 ms whatever the page does.
     */
    frameWait(delayMs: number): Promise<number> {
      let running = true;
      const spin = (): void => {
        if (running) requestAnimationFrame(spin);
      };
      requestAnimationFrame(spin);
      return new Promise((resolve) =>
        setTimeout(() => {
          const node = document.body.appendChild(document.createElement('span'));
          node.textContent = 'frame wait';
          const changedAt = performance.now();
          requestAnimationFrame(() => {
            running = false;
            resolve(performance.now() - changedAt);
            node.remove();
          });
        }, delayMs),
      );
    },
    /** Starts watching for `value` (a text, or a CSS selector) to appear. */
    arm(kind: 'text' | 'selector', value: string): void {
      watches.set(
        value,
        new Promise((resolve) => {
          const observer = new MutationObserver((records) => {
            if (!found(kind, value, records)) return;
            observer.disconnect();
            void afterNextFrame(epoch()).then(resolve);
          });
          observer.observe(document, { subtree: true, childList: true, characterData: true });
          if (kind === 'selector' && document.querySelector(value) !== null) {
            observer.disconnect();
            void afterNextFrame(epoch()).then(resolve);
          }
        }),
      );
    },
    /** Resolves once the armed watch for `value` has seen it painted. */
    painted(value: string) {
      const watch = watches.get(value);
      if (watch === undefined) throw new Error(`nothing armed for ${value}`);
      return watch;
    },
  };
}
