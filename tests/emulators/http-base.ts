import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionTracker } from './http-connections';
import type { FrameSink, ScriptOutcome } from './http-pacing';
import type { EmulatorHandle, Scenario, SeenRequest } from './scenario';

/**
 * The HTTP half every HTTP emulator shares: a Node server on 127.0.0.1 and a free port, the
 * requests it received (body parsed), TCP connections opened and closed, the current Scenario,
 * and a FrameSink over a response for http-pacing. Routing and wire formats stay with each
 * emulator.
 */

export interface HttpExchange {
  req: IncomingMessage;
  res: ServerResponse;
  seen: SeenRequest;
  /** The scenario in force when the request arrived. */
  scenario: Scenario;
  /** Records how a scripted answer ended (see HttpEmulatorHandle.outcomes). */
  recordOutcome(outcome: ScriptOutcome): void;
}

export type HttpRoute = (exchange: HttpExchange) => void | Promise<void>;

/** EmulatorHandle plus what only HTTP emulators can tell. */
export interface HttpEmulatorHandle extends EmulatorHandle {
  /**
   * Resolves when every connection that carried a request has closed. Unlike
   * waitForOpenConnections(0) it ignores the idle spare socket Node's fetch may open after an
   * abort (and keeps for ~3 s), so it answers as soon as the aborted request's socket closes.
   */
  waitForRequestConnectionsClosed(): Promise<void>;
  /**
   * How each scripted answer ended, oldest first: 'finished', or 'gone' when the client closed
   * the connection before the end (what a stop button must cause), or the scripted failure.
   */
  readonly outcomes: ScriptOutcome[];
}

/** Ollama's /api/chat and the OpenAI-style /v1/chat/completions. */
const CHAT_PATH = /\/(api\/chat|chat\/completions)$/;

/** `port` 0 (the default) takes any free port; a fixed one fails if it is taken. */
export async function startHttpEmulator(
  route: HttpRoute,
  urlPath = '',
  port = 0,
): Promise<HttpEmulatorHandle> {
  const tracker = new ConnectionTracker();
  const requests: SeenRequest[] = [];
  const outcomes: ScriptOutcome[] = [];
  let scenario: Scenario = {};

  const server = createServer((req, res) => {
    tracker.onUse(req.socket);
    void (async () => {
      const raw = await readBody(req);
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://emulator').pathname,
        headers: req.headers,
        body: parseBody(raw),
      };
      requests.push(seen);
      const current = scenario;
      // Scenario.then: a chat request plays this scenario and leaves `then` for the next one.
      if (current.then !== undefined && seen.method === 'POST' && CHAT_PATH.test(seen.path)) {
        scenario = current.then;
      }
      try {
        await route({
          req,
          res,
          seen,
          scenario: current,
          recordOutcome: (outcome) => outcomes.push(outcome),
        });
      } catch (error) {
        // A bug in an emulator must show as a failure, not as a hang.
        if (!res.headersSent) sendText(res, 500, `emulator error: ${String(error)}`);
        else res.destroy();
      }
    })();
  });
  server.on('connection', (socket) => {
    tracker.onOpen();
    socket.once('close', () => tracker.onClose(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${bound}${urlPath}`,
    port: bound,
    requests,
    outcomes,
    stats: tracker,
    script(next) {
      scenario = next;
    },
    waitForOpenConnections: (count = 0) => tracker.waitForOpen(count),
    waitForRequestConnectionsClosed: () => tracker.waitForUsedClosed(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string): unknown {
  if (raw === '') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Scenario.httpError: the status and body at once (a string as text, anything else as JSON). */
export function sendScenarioError(res: ServerResponse, error: NonNullable<Scenario['httpError']>): void {
  if (typeof error.body === 'string') sendText(res, error.status, error.body, error.contentType);
  else if (error.contentType) sendText(res, error.status, JSON.stringify(error.body), error.contentType);
  else sendJson(res, error.status, error.body);
}

/** A FrameSink over one response; headers go out with the first write, as Go and Node servers do. */
export function responseSink(res: ServerResponse): FrameSink {
  let isGone = false;
  const gone = new Promise<void>((resolve) =>
    res.once('close', () => {
      isGone = true;
      resolve();
    }),
  );
  return {
    gone,
    get isGone() {
      return isGone;
    },
    write: (data) =>
      isGone
        ? Promise.resolve()
        : Promise.race([new Promise<void>((resolve) => res.write(data, () => resolve())), gone]),
    end: () => {
      if (!isGone) res.end();
    },
    destroy: () => res.socket?.destroy(),
  };
}

/** Scenario.rawBody: the given bytes, one write each, then the end of the response. */
export async function sendRawBody(
  res: ServerResponse,
  raw: NonNullable<Scenario['rawBody']>,
  defaultContentType: string,
): Promise<ScriptOutcome> {
  res.writeHead(raw.status ?? 200, {
    ...raw.headers,
    'Content-Type': raw.contentType ?? defaultContentType,
  });
  const sink = responseSink(res);
  for (const chunk of raw.chunks) {
    if (sink.isGone) return 'gone';
    await sink.write(chunk);
  }
  sink.end();
  return 'finished';
}

/** Scenario.neverAnswer: keep the request open, send nothing, until the client gives up. */
export function holdOpen(res: ServerResponse): Promise<void> {
  return responseSink(res).gone;
}
