/**
 * How a test scripts an emulator and what it can inspect afterwards. Shared by the Ollama,
 * LM Studio REST and LM Studio native emulators so tests read the same for every server.
 */

export interface Scenario {
  /** Answer tokens, written one per network write (default: a short fixed answer). */
  tokens?: string[];
  /** Reasoning tokens sent before the answer (Ollama `message.thinking`, `reasoning_content`, LM Studio reasoning fragments). */
  reasoningTokens?: string[];
  /** Delay before the first token (ms). */
  firstTokenDelayMs?: number;
  /** Delay between tokens (ms); 0 writes as fast as the socket takes them. */
  tokenDelayMs?: number;
  /** Write every token in one network write (burst mode, for benchmarks). */
  burst?: boolean;
  /**
   * Benchmarks: a steady rate in tokens per second (replaces tokenDelayMs). The tokens due are
   * written together about every 4 ms, since a timer cannot fire per token at thousands a second.
   */
  tokensPerSecond?: number;
  /** Benchmarks: the emulator fills this in with when the first and last tokens were written. */
  marks?: TokenWriteMarks;
  /** After N tokens, send the server's mid-stream error (NDJSON error line, SSE error, channelError). */
  failAfterTokens?: number;
  failMessage?: string;
  /** After N tokens, destroy the connection without ending the response. */
  dropAfterTokens?: number;
  /** After N tokens, write one malformed stream line. */
  malformedAfterTokens?: number;
  /** Split each multi-byte UTF-8 character of the answer across two network writes. */
  splitUtf8?: boolean;
  /** Answer the request at once with this HTTP status and body (string or JSON value). */
  httpError?: { status: number; body: unknown; contentType?: string };
  /** Accept the request and never answer (for first-token timeouts). */
  neverAnswer?: boolean;
  /** After N tokens, stop writing but keep the connection open (for idle timeouts). */
  stallAfterTokens?: number;
  /** After `after` tokens, write nothing for `ms`, then go on (a server that stalls and recovers). */
  pauseAfterTokens?: { after: number; ms: number };
  /** Finish reason reported at the end (server's own word); default "stop"/"eosFound". */
  finishReason?: string;
  /**
   * Tool calls the model makes after its answer tokens (Ollama `message.tool_calls`, OpenAI
   * `delta.tool_calls` streamed as string pieces). Optional; emulators without tools ignore it.
   */
  toolCalls?: ScriptedToolCall[];
  /**
   * HTTP emulators: the scenario for the chat requests after this one (this one answers a single
   * chat request). Scripts a conversation, e.g. a tool call first and the final answer next.
   */
  then?: Scenario;
  /** LM Studio native: pause this long after each prompt-progress packet below 1 (ms). */
  promptProgressDelayMs?: number;
  /**
   * HTTP emulators: answer a chat request with exactly these bytes, one network write per chunk,
   * then end the response (for fuzzing, truncated lines and unknown fields). Replaces the scripted
   * answer; status 200 and the server's streaming content type unless given.
   */
  rawBody?: RawBody;
  /**
   * LM Studio native: what a newer server might add, which a client must ignore: an unknown key
   * on every fragment and a packet of an unknown type before the first token.
   */
  unknownFields?: boolean;
}

export interface RawBody {
  chunks: Array<string | Uint8Array>;
  status?: number;
  contentType?: string;
  /** More response headers, e.g. a Location for a redirect. */
  headers?: Record<string, string>;
}

export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** Epoch times in ms (performance.timeOrigin + performance.now()), taken just before the write. */
export interface TokenWriteMarks {
  firstTokenWrittenAt?: number;
  lastTokenWrittenAt?: number;
}

/** The clock of TokenWriteMarks: epoch ms with sub-ms precision, comparable with a page's. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw string when it is not JSON. */
  body: unknown;
}

export interface EmulatorHandle {
  /** Base URL a client should use, e.g. http://127.0.0.1:PORT (Ollama), http://127.0.0.1:PORT/v1, ws://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** Script the next chat requests (applies until changed). */
  script(scenario: Scenario): void;
  /** Requests received so far, oldest first. */
  readonly requests: SeenRequest[];
  /** Connections (HTTP sockets or WebSockets) opened and closed so far. */
  readonly stats: { opened: number; closed: number; readonly open: number };
  /** Resolves when the number of open connections drops to `count` (default 0). */
  waitForOpenConnections(count?: number): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_ANSWER_TOKENS = ['Hello', ',', ' I', ' am', ' a', ' local', ' model', '.'];
