/**
 * An emulator of LM Studio's native API: the WebSocket protocol `@lmstudio/sdk` 1.5.0 speaks,
 * learnt from the SDK's own code (node_modules/@lmstudio/sdk/dist/index.mjs, the zod schemas
 * of the `llm`/`system`/`files` backend interfaces) and from lmstudio-ai/lmstudio-js
 * (lms-communication-server, the heavy-test snapshots). Details: /work/shared/notes/lmstudio-native.md.
 *
 * What the SDK needs (and this serves):
 * - One socket per namespace: `ws://HOST:PORT/llm`, `/system`, `/files`, ... opened lazily.
 *   Text frames, one JSON object each. An upgrade with an `Origin` header is what a browser
 *   sends; with `cors: false` it gets `403` (LM Studio's "Enable CORS" off). A browser cannot
 *   tell that 403 from "nothing listening": both are "WebSocket connection closed".
 * - Auth first: the client's `{authVersion:1, clientIdentifier, clientPasskey}`, then the
 *   server's `{success:true}` (or `{success:false,error}` and a close) before anything else.
 * - Then `rpcCall` → `rpcResult|rpcError` (callId), `channelCreate` → `channelSend`* →
 *   `channelClose|channelError` (channelId; call and channel ids share one counter per socket).
 *   `channelClose` after the terminal packet is required: without it the SDK's dispose hangs.
 * - `llm/getModelInfo` (model() with no key: query `{}`), `llm/getOrLoad` (model(key):
 *   alreadyLoaded | startLoading, loadProgress, loadSuccess | channelError pathNotFound),
 *   `llm/loadModel` (resolved, progress, success; a context from the load config) and
 *   `llm/unloadModel` (a prediction on the model ends with stopReason `modelUnloaded`),
 *   `llm/listLoaded`, `system/listDownloadedModels` (all domains: the SDK filters), `system/version`,
 *   `files/uploadFileBase64` (images), `llm/predict`.
 * - `predict`: promptProcessingProgress (with `details`, required by SDK 2.x), `fragment`s with
 *   all five fields (content, tokensCount, containsDrafted, reasoningType, isStructural;
 *   reasoning as reasoningStartTag / reasoning / reasoningEndTag), then `success` with stats,
 *   modelInfo, loadModelConfig and predictionConfig. A client `cancel` is answered with a normal
 *   `success` whose stopReason is `userStopped` (the SDK resolves, it does not throw).
 * - Errors carry `displayData.code` (`generic.noModelMatchingQuery`, `generic.pathNotFound`,
 *   `generic.specificModelUnloaded`): the SDK turns each into its own fixed sentence.
 * - Model infos are supersets (SDK 2.0 fields too). Anything the SDK's zod schemas reject is
 *   dropped silently and the call hangs; the SDK then sends a `communicationWarning`, which this
 *   emulator records in `communicationWarnings` and logs: a test should assert it stays empty.
 * - Unlike the real server, unknown endpoints get an error instead of silence.
 * Found while building: the SDK never sends keepAlive (answered anyway); the `fragment`
 * message-level `logprobs` is optional and omitted here.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EmulatorHandle, Scenario, SeenRequest } from './scenario';
import { NativeConnection } from './lmstudio-native-emulator-connection';
import { contextOf } from './lmstudio-native-emulator-loading';
import {
  EmulatorState,
  type LMStudioNativeEmulatorOptions,
  type SeenCancel,
} from './lmstudio-native-emulator-state';

export type { LMStudioNativeEmulatorOptions, SeenCancel } from './lmstudio-native-emulator-state';
export type { EmulatedModel } from './lmstudio-native-emulator-models';

const NAMESPACES = new Set([
  'llm',
  'embedding',
  'system',
  'diagnostics',
  'files',
  'repository',
  'plugins',
  'runtime',
]);

/** The emulator's handle: the shared contract plus what only LM Studio native has. */
export interface LMStudioNativeEmulator extends EmulatorHandle {
  /** Change server knobs between requests (e.g. turn CORS off, refuse auth). */
  configure(options: Pick<LMStudioNativeEmulatorOptions, 'cors' | 'authError' | 'answerCancel'>): void;
  /** Replace the set of loaded model keys. */
  setLoaded(modelKeys: string[]): void;
  readonly loaded: ReadonlySet<string>;
  /** `loadModel` creation parameters and the identifiers `unloadModel` freed, oldest first. */
  readonly loadRequests: readonly Record<string, unknown>[];
  readonly unloads: readonly string[];
  /** The context a loaded model has (4096 unless loaded with another). */
  contextOf(modelKey: string): number;
  /** Hold loads after their 50 % progress until `releaseLoads()`. */
  holdLoads(hold: boolean): void;
  releaseLoads(): void;
  readonly cancellations: readonly SeenCancel[];
  readonly communicationWarnings: readonly string[];
  readonly protocolErrors: readonly string[];
  /** Upgrades refused (403 for Origin with CORS off, or a scripted `httpError`). */
  readonly refusedUpgrades: number;
  /** Resolves once `count` cancels have been received (rejects after 10 s). */
  waitForCancellations(count?: number): Promise<void>;
  /** Resolves once a request with this path (e.g. `/llm/predict`) has been seen. */
  waitForRequest(path: string): Promise<SeenRequest>;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startLMStudioNativeEmulator(
  options: LMStudioNativeEmulatorOptions = {},
): Promise<LMStudioNativeEmulator> {
  const state = new EmulatorState(options);
  const stats = { opened: 0, closed: 0, refused: 0 };
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });

  const server: Server = createServer((request, response) => {
    // Only the discovery probe the SDK makes when no baseUrl is given.
    if (request.url === '/lmstudio-greeting') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
      response.end(JSON.stringify({ lmstudio: true }));
      return;
    }
    response.writeHead(404).end();
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const namespace = new URL(request.url ?? '/', 'http://emulator').pathname.slice(1);
    const scripted = state.scenario.httpError;
    const refusal: [number, string] | null = !NAMESPACES.has(namespace)
      ? [404, 'Not Found']
      : scripted
        ? [scripted.status, 'Scripted']
        : request.headers.origin !== undefined && !state.options.cors
          ? [403, 'Forbidden']
          : null;
    if (refusal) {
      stats.refused += 1;
      state.changed();
      return refuse(socket, ...refusal);
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      stats.opened += 1;
      sockets.add(ws);
      ws.on('close', () => {
        sockets.delete(ws);
        stats.closed += 1;
        state.changed();
      });
      new NativeConnection(ws, namespace, request.headers, state);
      state.changed();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    script(scenario: Scenario) {
      state.scenario = scenario;
    },
    requests: state.requests,
    stats: {
      get opened() {
        return stats.opened;
      },
      get closed() {
        return stats.closed;
      },
      get open() {
        return sockets.size;
      },
    },
    get refusedUpgrades() {
      return stats.refused;
    },
    configure(changes) {
      Object.assign(state.options, changes);
    },
    setLoaded(modelKeys) {
      state.loaded.clear();
      for (const key of modelKeys) state.loaded.add(key);
    },
    loaded: state.loaded,
    loadRequests: state.loadRequests,
    unloads: state.unloads,
    contextOf: (modelKey) => contextOf(state, modelKey),
    holdLoads(hold) {
      state.holdLoads = hold;
      if (!hold) state.releaseLoads();
    },
    releaseLoads: () => state.releaseLoads(),
    cancellations: state.cancellations,
    communicationWarnings: state.communicationWarnings,
    protocolErrors: state.protocolErrors,
    waitForOpenConnections(count = 0) {
      return state.waitFor(() => sockets.size <= count, `${count} open connections`);
    },
    waitForCancellations(count = 1) {
      return state.waitFor(() => state.cancellations.length >= count, `${count} cancellations`);
    },
    async waitForRequest(path) {
      const find = (): SeenRequest | undefined => state.requests.find((request) => request.path === path);
      await state.waitFor(() => find() !== undefined, `a request to ${path}`);
      return find() as SeenRequest;
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
