import { newId } from './ids';
import type { AttachmentRecord } from '../vocabulary/attachments';
import type { ConversationRecord, ConversationSettings, MessageRecord } from '../vocabulary/records';
import { linkTree, type FileMessage } from './import-tree';
import { MAX_CONTENT, MAX_MESSAGES, MAX_SHORT, YEAR_3000 } from './import-conversation';
import * as v from './validate';
import { importedImage } from './import-images';

/** One conversation read from another app's export, and what of it was not carried over. */
export interface ForeignConversation {
  conversation: ConversationRecord;
  messages: MessageRecord[];
  /** The files the messages refer to (Brook's own files carry them). */
  attachments?: AttachmentRecord[];
}

export interface ForeignImport {
  conversations: ForeignConversation[];
  /** What was left out or changed, for the user (one line each). */
  notes: string[];
}

export interface ForeignContext {
  now: number;
  /** Imported conversations talk to this server (the other app's servers are not Brook's). */
  server: string;
}

const MAX_CONVERSATIONS = 5_000;

/** Counts of what was not carried over, said once per file rather than once per message. */
class LeftOut {
  private readonly counts = new Map<string, number>();
  add(what: string, n = 1): void {
    if (n > 0) this.counts.set(what, (this.counts.get(what) ?? 0) + n);
  }
  lines(): string[] {
    return [...this.counts].map(([what, n]) => `Not carried over: ${what} (${n}).`);
  }
}

/** Seconds or milliseconds since 1970 (Open WebUI mixes both) as milliseconds; else `fallback`. */
function epochMs(value: unknown, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return fallback;
  const ms = value < 1e11 ? value * 1000 : value;
  return ms > YEAR_3000 ? fallback : Math.round(ms);
}

function title(value: unknown, fallback: string): string {
  return (typeof value === 'string' ? value.trim().slice(0, MAX_SHORT) : '') || fallback;
}

function content(value: unknown, path: string): string {
  if (value == null) return '';
  return v.text(value, path, MAX_CONTENT);
}

function baseRecord(
  conversationId: string,
  role: 'user' | 'assistant',
  text: string,
  at: number,
): MessageRecord {
  return {
    id: newId(),
    conversationId,
    seq: 0,
    parentId: null,
    role,
    content: text,
    createdAt: at,
    updatedAt: at,
    status: 'complete',
  };
}

// ---------------------------------------------------------------- Open WebUI

/**
 * Open WebUI's "Export chats" file: an array of chats, each `{ title, chat: { history: {
 * messages: { id: { id, parentId, role, content, timestamp, model, files, error, done } },
 * currentId }, models, system }, created_at, updated_at, pinned, meta: { tags }, folder_id }`
 * (older files hold the inner chat object itself). Timestamps are seconds. Reasoning is inline
 * in `content` as `<details type="reasoning">` with the text quoted by "> ".
 */
export function isOpenWebUIExport(data: unknown): data is unknown[] {
  if (!Array.isArray(data) || data.length === 0) return false;
  return data.every((item) => {
    if (!v.isObject(item)) return false;
    const chat = v.isObject(item.chat) ? item.chat : item;
    return v.isObject(chat.history) || (Array.isArray(chat.messages) && 'models' in chat);
  });
}

export function readOpenWebUI(data: unknown[], ctx: ForeignContext): ForeignImport {
  const leftOut = new LeftOut();
  const notes: string[] = [];
  const conversations: ForeignConversation[] = [];
  for (const [i, item] of data.slice(0, MAX_CONVERSATIONS).entries()) {
    const name = `Chat ${i + 1}`;
    try {
      const read = readOpenWebUIChat(item as v.Obj, ctx, leftOut);
      conversations.push(read.conversation);
      notes.push(...read.notes);
    } catch (error) {
      if (!(error instanceof v.InvalidField)) throw error;
      notes.push(`${name} was not imported: ${error.message}`);
    }
  }
  if (data.length > MAX_CONVERSATIONS) notes.push(`Only the first ${MAX_CONVERSATIONS} chats were imported.`);
  return { conversations, notes: [...notes, ...leftOut.lines()] };
}

function readOpenWebUIChat(item: v.Obj, ctx: ForeignContext, leftOut: LeftOut) {
  const chat = v.isObject(item.chat) ? item.chat : item;
  const id = newId();
  const shownTitle = title(chat.title ?? item.title, 'Imported chat');
  const where = `“${shownTitle.slice(0, 60)}”`;
  const history = v.isObject(chat.history) ? chat.history : undefined;
  const raw: v.Obj[] = history
    ? Object.values(v.object(history.messages ?? {}, 'history.messages')).map((m, k) =>
        v.object(m, `message ${k + 1}`),
      )
    : (chat.messages as unknown[]).map((m, k) => v.object(m, `message ${k + 1}`));
  if (raw.length > MAX_MESSAGES) throw new v.InvalidField(`more than ${MAX_MESSAGES} messages.`);
  const createdAt = epochMs(item.created_at ?? chat.timestamp, ctx.now);
  const items: FileMessage[] = [];
  const attachments: AttachmentRecord[] = [];
  const skipped = new Set<string>();
  raw.forEach((m, k) => {
    const fileId = typeof m.id === 'string' ? m.id : String(k);
    const parentFileId = history
      ? typeof m.parentId === 'string'
        ? m.parentId
        : null
      : k === 0
        ? null
        : (items.at(-1)?.fileId ?? null);
    if (m.role !== 'user' && m.role !== 'assistant') {
      leftOut.add('system and other non-chat messages');
      skipped.add(fileId);
      return;
    }
    // Times are whole seconds: kept in the file's order within one, so versions keep theirs.
    const at = Math.max(epochMs(m.timestamp, createdAt + k), (items.at(-1)?.record.createdAt ?? -1) + 1);
    const { text, reasoning } = splitReasoning(content(m.content, `${where}, message ${k + 1}`));
    const record = baseRecord(id, m.role, text, at);
    if (reasoning) record.reasoning = reasoning;
    if (typeof m.model === 'string' && m.role === 'assistant') record.model = m.model.slice(0, MAX_SHORT);
    const files = Array.isArray(m.files) ? m.files : [];
    // Images kept in the file (data: URLs) come over; those on the Open WebUI server cannot.
    for (const file of files) {
      if (!v.isObject(file) || file.type !== 'image') continue;
      const image = m.role === 'user' ? importedImage(file.url, file.name, id) : null;
      if (!image) {
        leftOut.add('images not stored in the file as PNG or JPEG');
        continue;
      }
      record.attachments = [...(record.attachments ?? []), image.ref];
      attachments.push(image.record);
    }
    leftOut.add(
      'attached files and documents',
      files.filter((f) => v.isObject(f) && f.type !== 'image').length,
    );
    if (v.isObject(m.error)) {
      record.status = 'failed';
      record.finishReason = 'error';
      record.error = {
        kind: 'bad-response',
        message: title(m.error.content, 'The answer failed in Open WebUI.'),
      };
    } else if (m.role === 'assistant' && m.done === false) record.status = 'interrupted';
    items.push({ fileId, parentFileId, record });
  });
  // A message that followed a skipped one (a system message) follows what that one followed.
  const parentOf = new Map(
    raw.map((m, k) => [
      typeof m.id === 'string' ? m.id : String(k),
      typeof m.parentId === 'string' ? m.parentId : null,
    ]),
  );
  for (const entry of items) {
    while (entry.parentFileId !== null && skipped.has(entry.parentFileId))
      entry.parentFileId = parentOf.get(entry.parentFileId) ?? null;
  }
  const linked = linkTree(items, where);
  const leafId =
    history && typeof history.currentId === 'string' ? linked.idOf.get(history.currentId) : undefined;
  const tags = v.isObject(item.meta) && Array.isArray(item.meta.tags) ? item.meta.tags.length : 0;
  leftOut.add('tags', tags);
  if (typeof item.folder_id === 'string') leftOut.add('folders');
  const models = Array.isArray(chat.models)
    ? chat.models.filter((m): m is string => typeof m === 'string')
    : [];
  const system = typeof chat.system === 'string' ? chat.system : undefined;
  const settings: ConversationSettings = { systemPrompt: (system ?? '').slice(0, 100_000) };
  const conversation: ConversationRecord = v.compact({
    id,
    title: shownTitle,
    createdAt,
    updatedAt: epochMs(item.updated_at, createdAt),
    server: ctx.server,
    model: models[0]?.slice(0, MAX_SHORT),
    settings,
    pinned: item.pinned === true ? true : undefined,
    branch: leafId ? { leafId, chosenAt: ctx.now } : undefined,
  });
  return { conversation: { conversation, messages: linked.messages, attachments }, notes: linked.notes };
}

const ENTITIES: Record<string, string> = {
  '&gt;': '>',
  '&lt;': '<',
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * Open WebUI's reasoning blocks out of the text, as Brook keeps reasoning apart from the answer.
 * A scan with indexOf, not a regex: hostile content with many unclosed tags stays linear.
 */
export function splitReasoning(text: string): { text: string; reasoning: string } {
  const OPEN = '<details type="reasoning"';
  const CLOSE = '</details>';
  const parts: string[] = [];
  let rest = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf(OPEN, from);
    const tagEnd = at === -1 ? -1 : text.indexOf('>', at + OPEN.length);
    const close = tagEnd === -1 ? -1 : text.indexOf(CLOSE, tagEnd);
    if (close === -1) break;
    rest += text.slice(from, at);
    parts.push(reasoningBody(text.slice(tagEnd + 1, close)));
    from = close + CLOSE.length;
  }
  rest += text.slice(from);
  return { text: rest.trim(), reasoning: parts.filter(Boolean).join('\n\n') };
}

function reasoningBody(inner: string): string {
  const summaryEnd = inner.indexOf('</summary>');
  const body = (summaryEnd === -1 ? inner : inner.slice(summaryEnd + '</summary>'.length)).replace(
    /&(gt|lt|amp|quot|#39);/g,
    (e) => ENTITIES[e] ?? e,
  );
  // Each line is quoted with "> " (written escaped or not, depending on the release).
  return body
    .split('\n')
    .map((line) => line.replace(/^\s*>\s?/, ''))
    .join('\n')
    .trim();
}

// ---------------------------------------------------------------- Hollama

/**
 * Hollama's sessions file (Settings → Data management → Export): an array of `{ id, messages:
 * [{ role, content, reasoning?, images?, knowledge? }], systemPrompt?: { content }, options?,
 * model?: { name } | string, updatedAt?, title? }`. Old sessions use role "ai" and keep Ollama's
 * `context`; messages have no time of their own.
 */
export function isHollamaExport(data: unknown): data is unknown[] {
  if (!Array.isArray(data) || data.length === 0) return false;
  return data.every(
    (item) =>
      v.isObject(item) &&
      typeof item.id === 'string' &&
      Array.isArray(item.messages) &&
      !('chat' in item) &&
      !('history' in item),
  );
}

export function readHollama(data: unknown[], ctx: ForeignContext): ForeignImport {
  const leftOut = new LeftOut();
  const notes: string[] = [];
  const conversations: ForeignConversation[] = [];
  for (const [i, item] of data.slice(0, MAX_CONVERSATIONS).entries()) {
    try {
      conversations.push(readHollamaSession(item as v.Obj, i, ctx, leftOut));
    } catch (error) {
      if (!(error instanceof v.InvalidField)) throw error;
      notes.push(`Session ${i + 1} was not imported: ${error.message}`);
    }
  }
  if (data.length > MAX_CONVERSATIONS)
    notes.push(`Only the first ${MAX_CONVERSATIONS} sessions were imported.`);
  return { conversations, notes: [...notes, ...leftOut.lines()] };
}

function readHollamaSession(
  session: v.Obj,
  index: number,
  ctx: ForeignContext,
  leftOut: LeftOut,
): ForeignConversation {
  const id = newId();
  const raw = session.messages as unknown[];
  if (raw.length > MAX_MESSAGES) throw new v.InvalidField(`more than ${MAX_MESSAGES} messages.`);
  const updated = typeof session.updatedAt === 'string' ? Date.parse(session.updatedAt) : Number.NaN;
  const updatedAt = Number.isFinite(updated) && updated > 0 && updated < YEAR_3000 ? updated : ctx.now;
  // Messages carry no time: spaced a millisecond apart, ending at the session's time.
  const start = updatedAt - raw.length;
  let systemPrompt =
    v.isObject(session.systemPrompt) && typeof session.systemPrompt.content === 'string'
      ? session.systemPrompt.content
      : '';
  if (v.isObject(session.systemPrompt) && session.systemPrompt.knowledge)
    leftOut.add('knowledge attached to the system prompt (its text is kept)');
  const messages: MessageRecord[] = [];
  const attachments: AttachmentRecord[] = [];
  raw.forEach((value, k) => {
    const m = v.object(value, `session ${index + 1}, message ${k + 1}`);
    const role = m.role === 'ai' ? 'assistant' : m.role;
    const text = content(m.content, `session ${index + 1}, message ${k + 1}.content`);
    if (role === 'system') {
      if (!systemPrompt) systemPrompt = text;
      return;
    }
    if (role !== 'user' && role !== 'assistant') {
      leftOut.add('messages of unknown roles');
      return;
    }
    const record = baseRecord(id, role, text, start + k);
    const parent = messages.at(-1);
    record.seq = messages.length;
    record.parentId = parent?.id ?? null;
    if (role === 'assistant' && parent?.role === 'user') record.replyTo = parent.id;
    if (typeof m.reasoning === 'string' && m.reasoning) record.reasoning = m.reasoning.slice(0, MAX_CONTENT);
    if (role === 'assistant' && typeof session.model === 'string')
      record.model = session.model.slice(0, MAX_SHORT);
    for (const item of Array.isArray(m.images) ? m.images : []) {
      const image = role === 'user' && v.isObject(item) ? importedImage(item.data, item.filename, id) : null;
      if (!image) {
        leftOut.add('images not stored in the file as PNG or JPEG');
        continue;
      }
      record.attachments = [...(record.attachments ?? []), image.ref];
      attachments.push(image.record);
    }
    if (m.knowledge) leftOut.add('knowledge documents attached to messages');
    messages.push(record);
  });
  const model =
    typeof session.model === 'string'
      ? session.model
      : v.isObject(session.model) && typeof session.model.name === 'string'
        ? session.model.name
        : undefined;
  const firstQuestion = messages.find((m) => m.role === 'user')?.content.split('\n')[0];
  return {
    conversation: v.compact({
      id,
      title: title(session.title, title(firstQuestion?.slice(0, 60), 'Imported session')),
      createdAt: start,
      updatedAt,
      server: ctx.server,
      model: model?.slice(0, MAX_SHORT),
      settings: { systemPrompt: systemPrompt.slice(0, 100_000), ...hollamaOptions(session.options) },
    }),
    messages,
    attachments,
  };
}

/** The Ollama options Brook has a setting for; others stay behind. */
function hollamaOptions(value: unknown): Partial<ConversationSettings> {
  if (!v.isObject(value)) return {};
  const num = (x: unknown, min: number, max: number) =>
    typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max ? x : undefined;
  const stop = Array.isArray(value.stop)
    ? value.stop
        .filter((s): s is string => typeof s === 'string')
        .slice(0, 16)
        .map((s) => s.slice(0, MAX_SHORT))
    : undefined;
  return v.compact({
    temperature: num(value.temperature, 0, 5),
    topP: num(value.top_p, 0, 1),
    seed: num(value.seed, 0, Number.MAX_SAFE_INTEGER),
    contextLength: num(value.num_ctx, 1, 100_000_000),
    maxTokens: num(value.num_predict, 1, 10_000_000),
    stop: stop?.length ? stop : undefined,
  });
}
