import type { ChatMessage } from '../providers';
import type { ConversationSettings, MessageRecord } from '../persistence/records';
import type { GenerationSettings } from '../workers/protocol';

/**
 * The history sent to the model. Incomplete answers keep their partial text (the model sees
 * what the user saw); answers with no text at all are left out.
 */
export function toChatMessages(history: MessageRecord[]): ChatMessage[] {
  return history
    .filter((m) => m.role === 'user' || m.content.length > 0)
    .map((m) => ({ role: m.role, content: m.content }));
}

/** Conversation settings as the worker takes them; empty values are left out. */
export function toGenerationSettings(settings: ConversationSettings): GenerationSettings {
  const out: GenerationSettings = {};
  if (settings.systemPrompt.trim()) out.systemPrompt = settings.systemPrompt;
  if (settings.temperature !== undefined) out.temperature = settings.temperature;
  if (settings.maxTokens !== undefined && settings.maxTokens > 0) out.maxTokens = settings.maxTokens;
  if (settings.topP !== undefined) out.topP = settings.topP;
  if (settings.think !== undefined) out.think = settings.think;
  if (settings.firstTokenTimeoutMs) out.firstTokenTimeoutMs = settings.firstTokenTimeoutMs;
  if (settings.idleTimeoutMs) out.idleTimeoutMs = settings.idleTimeoutMs;
  return out;
}
