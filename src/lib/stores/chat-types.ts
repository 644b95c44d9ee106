import type { MessageError } from '../vocabulary/records';
import type { ToolCall } from '../providers';

/** `waiting`: sent, no token yet; `streaming`: tokens arriving; `error`: the last answer failed. */
export type ChatStatus = 'idle' | 'waiting' | 'streaming' | 'error';

/** One conversation's answer state. */
export interface ConversationChat {
  status: ChatStatus;
  /** The answer being written, if any (its text lives in `live`). */
  messageId: string | null;
  lastError: MessageError | null;
}

/** The chat state of the conversation on screen (answers of others go on in `answering`). */
export interface ChatState extends ConversationChat {
  conversationId: string | null;
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

export const IDLE_CONVERSATION: ConversationChat = { status: 'idle', messageId: null, lastError: null };

export const IDLE: ChatState = { ...IDLE_CONVERSATION, conversationId: null, announcement: '' };

export function isAnswering(status: ChatStatus): boolean {
  return status === 'waiting' || status === 'streaming';
}
