import type { FinishReason } from '../vocabulary/chat';
import type { ProviderErrorKind } from '../vocabulary/errors';
import { EXPORT_FORMAT, EXPORT_VERSION, MAX_IMPORT_CHARS } from './export-format';
import { newId } from './ids';
import {
  type AnswerStats,
  type ConversationRecord,
  type ConversationSettings,
  type MessageError,
  type MessageRecord,
  type MessageStatus,
} from '../vocabulary/records';
import * as v from './validate';
import { keepAliveProblem } from '../servers/keep-alive';
import { linkTree, type FileMessage } from './import-tree';
import { optionalTextList, optionalToolCalls, optionalToolRounds, RESPONSE_FORMATS } from './import-tools';
import { linkAttachments, readAttachmentRefs } from './import-attachments';
import { readTimeline } from './import-timeline';
import type { AttachmentRecord } from '../vocabulary/attachments';

export const MAX_MESSAGES = 10_000;
export const MAX_CONTENT = 5_000_000;
export const MAX_SHORT = 500;
export const MAX_PROMPT = 100_000;
export const YEAR_3000 = 32_503_680_000_000;

const STATUSES: readonly MessageStatus[] = ['complete', 'streaming', 'stopped', 'failed', 'interrupted'];
const FINISH: readonly FinishReason[] = ['stop', 'length', 'tool-calls', 'cancelled', 'error', 'other'];
const ERROR_KINDS: readonly ProviderErrorKind[] = [
  'connection',
  'http',
  'model-not-found',
  'stream-broken',
  'timeout',
  'aborted',
  'bad-response',
];

export type ImportResult =
  | {
      ok: true;
      conversation: ConversationRecord;
      messages: MessageRecord[];
      attachments: AttachmentRecord[];
      notes: string[];
    }
  | { ok: false; error: string };

/**
 * Reads a Brook JSON export. Untrusted input: only known fields are copied (into fresh
 * objects with fresh ids), every value is type- and size-checked, and any problem rejects the
 * whole file with a message naming the field, so nothing is half-imported.
 */
export function parseConversationImport(raw: string, now = Date.now()): ImportResult {
  const parsed = parseFileJson(raw, 'This file is not valid JSON, so it cannot be a Brook conversation.');
  if (!parsed.ok) return parsed;
  const { data } = parsed;
  if (!isBrookFile(data)) {
    return {
      ok: false,
      error: 'This is not a Brook conversation file (its "format" is missing or different).',
    };
  }
  return readBrookFile(data, now);
}

/** An import file's JSON: refused when too large (before parsing) or not JSON (`notJson` says so). */
export function parseFileJson(
  raw: string,
  notJson: string,
): { ok: true; data: unknown } | { ok: false; error: string } {
  if (raw.length > MAX_IMPORT_CHARS)
    return { ok: false, error: 'This file is too large to import (over 150 MB).' };
  try {
    return { ok: true, data: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, error: notJson };
  }
}

export function isBrookFile(data: unknown): data is v.Obj {
  return v.isObject(data) && data.format === EXPORT_FORMAT;
}

/** A parsed Brook file (see parseConversationImport). */
export function readBrookFile(data: v.Obj, now: number): ImportResult {
  if (data.version !== 1 && data.version !== 2 && data.version !== EXPORT_VERSION) {
    return {
      ok: false,
      error: `This file is version ${String(data.version)}; Brook reads versions 1 to ${EXPORT_VERSION}.`,
    };
  }
  try {
    return { ok: true, ...readConversation(data, now) };
  } catch (error) {
    if (error instanceof v.InvalidField)
      return { ok: false, error: `This file cannot be imported: ${error.message}` };
    throw error;
  }
}

function readConversation(data: v.Obj, now: number) {
  const c = v.object(data.conversation, 'conversation');
  const id = newId();
  const createdAt = v.optionalNumber(c.createdAt, 'conversation.createdAt', 0, YEAR_3000) ?? now;
  const conversation: ConversationRecord = v.compact({
    id,
    title: v.text(c.title, 'conversation.title', MAX_SHORT).trim() || 'Imported conversation',
    createdAt,
    updatedAt: now,
    server: serverId(c.server, 'conversation.server'),
    model: v.optionalText(c.model, 'conversation.model', MAX_SHORT),
    settings: readSettings(c.settings),
    pinned: v.optionalBoolean(c.pinned, 'conversation.pinned') || undefined,
    folder: v.optionalText(c.folder, 'conversation.folder', 60)?.trim() || undefined,
  });
  if (!Array.isArray(data.messages)) throw new v.InvalidField('messages must be a list.');
  if (data.messages.length > MAX_MESSAGES) throw new v.InvalidField(`more than ${MAX_MESSAGES} messages.`);
  // Version 1 held the path shown, in order; version 2 the whole tree (`id`, `parentId`).
  const flat = data.version === 1;
  const items: FileMessage[] = data.messages.map((m: unknown, i) => {
    const path = `messages[${i}]`;
    const record = readMessage(m, path, id, i, now);
    if (flat) return { fileId: String(i), parentFileId: i === 0 ? null : String(i - 1), record };
    const fields = v.object(m, path);
    return {
      fileId: v.text(fields.id, `${path}.id`, MAX_SHORT),
      parentFileId: fields.parentId == null ? null : v.text(fields.parentId, `${path}.parentId`, MAX_SHORT),
      record,
    };
  });
  const linked = linkTree(items, 'This conversation');
  const leaf =
    c.branch == null
      ? undefined
      : v.text(v.object(c.branch, 'conversation.branch').leafId, 'conversation.branch.leafId', MAX_SHORT);
  const leafId = leaf === undefined ? undefined : linked.idOf.get(leaf);
  if (leaf !== undefined && leafId === undefined)
    throw new v.InvalidField('conversation.branch.leafId names no message of this file.');
  const withBranch = leafId ? { ...conversation, branch: { leafId, chosenAt: now } } : conversation;
  const files = linkAttachments(data.attachments, linked.messages, id);
  return {
    conversation: withBranch,
    messages: files.messages,
    attachments: files.attachments,
    notes: [...linked.notes, ...files.notes],
  };
}

/** A keep-alive as the settings form would have saved it. */
function optionalKeepAlive(value: unknown, path: string): string | undefined {
  const text = v.optionalText(value, path, 40);
  if (text !== undefined && keepAliveProblem(text) !== undefined)
    throw new v.InvalidField(`${path} must be a duration such as 5m, a number of seconds, or -1.`);
  return text;
}

function readSettings(value: unknown): ConversationSettings {
  const s = v.object(value ?? {}, 'conversation.settings');
  const p = 'conversation.settings.';
  return v.compact({
    systemPrompt: v.optionalText(s.systemPrompt, `${p}systemPrompt`, MAX_PROMPT) ?? '',
    temperature: v.optionalNumber(s.temperature, `${p}temperature`, 0, 5),
    maxTokens: v.optionalNumber(s.maxTokens, `${p}maxTokens`, 1, 10_000_000),
    topP: v.optionalNumber(s.topP, `${p}topP`, 0, 1),
    seed: v.optionalNumber(s.seed, `${p}seed`, 0, Number.MAX_SAFE_INTEGER),
    stop: optionalTextList(s.stop, `${p}stop`, MAX_SHORT),
    think: v.optionalBoolean(s.think, `${p}think`),
    inlineThinking: v.optionalBoolean(s.inlineThinking, `${p}inlineThinking`),
    contextLength: v.optionalNumber(s.contextLength, `${p}contextLength`, 1, 100_000_000),
    keepAlive: optionalKeepAlive(s.keepAlive, `${p}keepAlive`),
    responseFormat:
      s.responseFormat == null
        ? undefined
        : v.oneOf(s.responseFormat, `${p}responseFormat`, RESPONSE_FORMATS),
    jsonSchema: v.optionalText(s.jsonSchema, `${p}jsonSchema`, MAX_PROMPT),
    tools: optionalTextList(s.tools, `${p}tools`, MAX_SHORT),
    firstTokenTimeoutMs: v.optionalNumber(s.firstTokenTimeoutMs, `${p}firstTokenTimeoutMs`, 0, 86_400_000),
    idleTimeoutMs: v.optionalNumber(s.idleTimeoutMs, `${p}idleTimeoutMs`, 0, 86_400_000),
  });
}

function readMessage(
  value: unknown,
  path: string,
  conversationId: string,
  seq: number,
  now: number,
): MessageRecord {
  const m = v.object(value, path);
  const status = v.oneOf(m.status ?? 'complete', `${path}.status`, STATUSES);
  const createdAt = v.optionalNumber(m.createdAt, `${path}.createdAt`, 0, YEAR_3000) ?? now;
  return v.compact({
    id: newId(),
    conversationId,
    seq,
    role: v.oneOf(m.role, `${path}.role`, ['user', 'assistant'] as const),
    content: v.text(m.content, `${path}.content`, MAX_CONTENT),
    attachments: readAttachmentRefs(m.attachments, `${path}.attachments`),
    reasoning: v.optionalText(m.reasoning, `${path}.reasoning`, MAX_CONTENT),
    createdAt,
    updatedAt: createdAt,
    // An answer that was streaming when exported did not finish.
    status: status === 'streaming' ? 'interrupted' : status,
    finishReason:
      m.finishReason == null ? undefined : v.oneOf(m.finishReason, `${path}.finishReason`, FINISH),
    error: m.error == null ? undefined : readError(m.error, `${path}.error`),
    stats: m.stats == null ? undefined : readStats(m.stats, `${path}.stats`),
    timeline: m.timeline == null ? undefined : readTimeline(m.timeline, `${path}.timeline`),
    model: v.optionalText(m.model, `${path}.model`, MAX_SHORT),
    server: m.server == null ? undefined : serverId(m.server, `${path}.server`),
    format: m.format == null ? undefined : v.oneOf(m.format, `${path}.format`, ['json'] as const),
    toolRounds: optionalToolRounds(m.toolRounds, `${path}.toolRounds`),
    toolCalls: optionalToolCalls(m.toolCalls, `${path}.toolCalls`),
    maxTokens: v.optionalNumber(m.maxTokens, `${path}.maxTokens`, 1, 10_000_000),
  });
}

function readError(value: unknown, path: string): MessageError {
  const e = v.object(value, path);
  return v.compact({
    kind: v.oneOf(e.kind, `${path}.kind`, ERROR_KINDS),
    message: v.text(e.message, `${path}.message`, 5_000),
    hint: v.optionalText(e.hint, `${path}.hint`, 5_000),
    corsSuspected: v.optionalBoolean(e.corsSuspected, `${path}.corsSuspected`),
    status: v.optionalNumber(e.status, `${path}.status`, 0, 999),
  });
}

function readStats(value: unknown, path: string): AnswerStats {
  const s = v.object(value, path);
  const big = 1e12;
  return v.compact({
    timeToFirstTokenMs: v.optionalNumber(s.timeToFirstTokenMs, `${path}.timeToFirstTokenMs`, 0, big),
    totalMs: v.optionalNumber(s.totalMs, `${path}.totalMs`, 0, big),
    completionTokens: v.optionalNumber(s.completionTokens, `${path}.completionTokens`, 0, big),
    promptTokens: v.optionalNumber(s.promptTokens, `${path}.promptTokens`, 0, big),
    tokensPerSecond: v.optionalNumber(s.tokensPerSecond, `${path}.tokensPerSecond`, 0, big),
  });
}

/**
 * A server id: any short name. One that is not configured here (a file from another browser)
 * is kept; the conversation then says its server is not set up and offers the others.
 */
function serverId(value: unknown, path: string): string {
  const id = v.text(value, path, MAX_SERVER_ID).trim();
  if (!id) throw new v.InvalidField(`${path} must not be empty.`);
  return id;
}

const MAX_SERVER_ID = 100;
