/** The transport harness worker: runs one path per request in a module Web Worker, as Brook's chat worker would. */
import type { TransportRun } from './messages';
import { runTransportPath, type SocketFactory } from './transport-paths';

const scope = self as unknown as {
  postMessage(message: unknown): void;
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent<TransportRun & { id: number }>) => void,
  ): void;
};

scope.addEventListener('message', (event) => {
  const { id, ...run } = event.data;
  void runTransportPath(run, WebSocket as unknown as SocketFactory).then((outcome) =>
    scope.postMessage({ id, outcome }),
  );
});
