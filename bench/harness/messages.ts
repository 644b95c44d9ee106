/** The plain data the bench harness pages, their workers and the bench specs exchange. */

/** One transport path: a server's stream read one way (raw parser, Brook's provider, the official client). */
export type TransportPath =
  | 'ollama:raw'
  | 'ollama:provider'
  | 'ollama:client'
  | 'lmstudio-rest:raw'
  | 'lmstudio-rest:provider'
  | 'lmstudio-rest:client'
  | 'lmstudio-native:raw'
  | 'lmstudio-native:provider'
  | 'lmstudio-native:client';

export interface TransportRun {
  path: TransportPath;
  /** The emulator's base URL for this path's server. */
  baseUrl: string;
  model: string;
  /** Stop reading after this long and report how far it got. */
  capMs: number;
}

export interface TransportOutcome {
  /** Text chunks read (one per token the emulator wrote). */
  chunks: number;
  chars: number;
  /** performance.now() of the first and last chunk. */
  firstAt: number;
  lastAt: number;
  capped: boolean;
  error?: string;
}

/** idle: the real chat worker's traffic, nothing drawn; plain: text appended to a text node; naive: see render-main.ts. */
export type RenderMode = 'idle' | 'plain' | 'naive';

export interface RenderRun {
  mode: RenderMode;
  /** Ollama emulator URL and model. */
  baseUrl: string;
  model: string;
  /** The naive renderer stops after this long. */
  capMs: number;
}

export interface RenderOutcome {
  /** Tokens drawn (naive) or answer characters received (idle, plain: the chat worker merges tokens). */
  tokensShown: number;
  charsShown: number;
  messages: number;
  /** Epoch ms of the frame after the last update. */
  lastFrameAt: number;
  capped: boolean;
  error?: string;
}

/** naive-worker protocol. */
export type NaiveRequest = { type: 'run'; baseUrl: string; model: string } | { type: 'stop' };
export type NaiveReply =
  { type: 'token'; text: string } | { type: 'done' } | { type: 'failed'; error: string };
