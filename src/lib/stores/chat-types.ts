import type { MessageError } from '../persistence/records';
import type { ToolCall } from '../providers';

/** `waiting`: sent, no token yet; `streaming`: tokens arriving; `error`: the last answer failed. */
export type ChatStatus = 'idle' | 'waiting' | 'streaming' | 'error';

export interface ChatState {
  status: ChatStatus;
  /** The answer being written, if any (its text lives in `live`). */
  conversationId: string | null;
  messageId: string | null;
  lastError: MessageError | null;
  /** A short sentence for the polite live region (never the answer itself). */
  announcement: string;
}

/** The answer being written: changes about once per frame while tokens arrive. */
export interface LiveAnswer {
  conversationId: string;
  messageId: string;
  text: string;
  reasoning: string;
  /** Tool calls of this turn, as they arrive. */
  toolCalls?: ToolCall[];
  /** 0..1 while the server reports prompt processing. */
  promptProgress?: number;
  startedAt: number;
  firstTokenAt?: number;
  model?: string;
}

export const IDLE: ChatState = {
  status: 'idle',
  conversationId: null,
  messageId: null,
  lastError: null,
  announcement: '',
};
