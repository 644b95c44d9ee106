import type { OutgoingMessage, ResponseFormat } from '../vocabulary/chat';
import { promptContent, promptImages, type AttachmentLookup } from '../attachments/prompt-text';
import type { ConversationSettings, MessageRecord, ToolRound } from '../vocabulary/records';
import { toolDefinitions } from '../tools/builtin-tools';
import { CONTINUE_REQUEST, type ContinueMechanism } from '../servers/continuation';
import type { GenerationSettings } from '../workers/protocol';

const NO_ATTACHMENTS: AttachmentLookup = new Map();

/**
 * The history sent to the model. Incomplete answers keep their partial text (the model sees
 * what the user saw); answers with no text at all are left out. An answer's tool rounds go
 * first, each as the assistant's calls followed by one `tool` message per result. A question's
 * attached files go into its text and its images beside it (attachments/prompt-text.ts).
 */
export function toChatMessages(
  history: MessageRecord[],
  attachments: AttachmentLookup = NO_ATTACHMENTS,
): OutgoingMessage[] {
  const out: OutgoingMessage[] = [];
  for (const m of history) {
    if (m.role === 'assistant') for (const round of m.toolRounds ?? []) out.push(...roundMessages(round));
    if (m.role === 'user') out.push(questionMessage(m, attachments));
    else if (m.content.length > 0) out.push({ role: m.role, content: m.content });
  }
  return out;
}

function questionMessage(m: MessageRecord, attachments: AttachmentLookup): OutgoingMessage {
  const refs = m.attachments ?? [];
  if (refs.length === 0) return { role: 'user', content: m.content };
  const images = promptImages(refs, attachments);
  return {
    role: 'user',
    content: promptContent(m.content, refs, attachments),
    ...(images.length > 0 ? { images } : {}),
  };
}

/**
 * The history for carrying on `partial` (Continue): it ends with the partial answer, which a
 * `prefill` server generates on from; an `ask` server is then asked, as the user, to go on.
 */
export function toContinueMessages(
  history: MessageRecord[],
  partial: MessageRecord,
  mechanism: ContinueMechanism,
  attachments: AttachmentLookup = NO_ATTACHMENTS,
): OutgoingMessage[] {
  const messages = toChatMessages([...history, partial], attachments);
  return mechanism === 'prefill' ? messages : [...messages, { role: 'user', content: CONTINUE_REQUEST }];
}

function roundMessages(round: ToolRound): OutgoingMessage[] {
  const calls = round.calls.filter((call) => call.result !== undefined);
  if (calls.length === 0) return round.text ? [{ role: 'assistant', content: round.text }] : [];
  return [
    {
      role: 'assistant',
      content: round.text,
      toolCalls: calls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })),
    },
    ...calls.map((call): OutgoingMessage => ({
      role: 'tool',
      content: call.result ?? '',
      toolCallId: call.id,
      toolName: call.name,
    })),
  ];
}

/** The conversation's response format; a schema that does not parse falls back to any JSON. */
export function responseFormatOf(settings: ConversationSettings): ResponseFormat | undefined {
  if (settings.responseFormat === 'json') return 'json';
  if (settings.responseFormat !== 'json-schema') return undefined;
  try {
    const schema: unknown = JSON.parse(settings.jsonSchema ?? '');
    if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) {
      return { schema: schema as Record<string, unknown> };
    }
  } catch {
    // not JSON: the form does not save such a schema, but an old or edited record might hold one
  }
  return 'json';
}

/** Conversation settings as the worker takes them; empty values are left out. */
export function toGenerationSettings(settings: ConversationSettings): GenerationSettings {
  const out: GenerationSettings = {};
  if (settings.systemPrompt.trim()) out.systemPrompt = settings.systemPrompt;
  if (settings.temperature !== undefined) out.temperature = settings.temperature;
  if (settings.maxTokens !== undefined && settings.maxTokens > 0) out.maxTokens = settings.maxTokens;
  if (settings.topP !== undefined) out.topP = settings.topP;
  if (settings.seed !== undefined) out.seed = settings.seed;
  const stop = settings.stop?.filter((s) => s.length > 0) ?? [];
  if (stop.length > 0) out.stop = stop;
  if (settings.think !== undefined) out.think = settings.think;
  if (settings.contextLength !== undefined && settings.contextLength > 0)
    out.contextLength = settings.contextLength;
  if (settings.keepAlive?.trim()) out.keepAlive = settings.keepAlive.trim();
  const format = responseFormatOf(settings);
  if (format !== undefined) out.responseFormat = format;
  const tools = toolDefinitions(settings.tools ?? []);
  if (tools.length > 0) out.tools = tools;
  if (settings.inlineThinking === false) out.inlineThinking = false;
  if (settings.firstTokenTimeoutMs) out.firstTokenTimeoutMs = settings.firstTokenTimeoutMs;
  if (settings.idleTimeoutMs) out.idleTimeoutMs = settings.idleTimeoutMs;
  return out;
}
