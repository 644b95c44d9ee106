/**
 * Contains a bug of @lmstudio/sdk 1.5.0 in browsers and Web Workers.
 *
 * When a WebSocket fails (server down, CORS off, connection dropped) the browser fires an
 * `error` Event that has no `.error`; the SDK's listener calls `onWsError(event.error)`, which
 * reads `error.code` and throws `TypeError: Cannot read properties of undefined (reading
 * 'code')` from inside the event listener. Nothing can catch that (it is not on any promise
 * chain), so it is reported as an uncaught error: in a worker it also reaches the page as the
 * Worker's `error` event, which looks like a crashed worker. The SDK's `close` listener runs
 * next and rejects the pending calls with "WebSocket connection closed", which the provider
 * reports as a typed `connection` error, so the TypeError carries no information.
 *
 * The guard marks exactly that error as handled (`preventDefault` on the global `error`
 * event): a TypeError about `code` thrown from the SDK's `onWsError`. Every other uncaught
 * error is left alone. Installed once, when the first SDK client is made, only where the
 * global scope is an event target (window or worker; not Node, whose `ws` events carry an
 * `.error`).
 */
let installed = false;

export function isSdkSocketErrorBug(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  return error.message.includes('code') && (error.stack ?? '').includes('onWsError');
}

export function installSdkSocketErrorGuard(): void {
  if (installed) return;
  const scope = globalThis as unknown as Partial<Pick<EventTarget, 'addEventListener'>>;
  if (typeof scope.addEventListener !== 'function') return;
  installed = true;
  scope.addEventListener('error', (event: Event) => {
    if (isSdkSocketErrorBug((event as ErrorEvent).error)) event.preventDefault();
  });
}
