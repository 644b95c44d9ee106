import { get, writable, type Readable } from 'svelte/store';
import type { StoredChange } from '../persistence/change-feed';
import { exportFileName, toExportJson, toMarkdown } from '../persistence/export-conversation';
import { exportAttachments, MAX_IMPORT_CHARS } from '../persistence/export-format';
import type { ConversationRecord, MessageRecord } from '../vocabulary/records';
import type { AttachmentRecord } from '../vocabulary/attachments';
import type { ConversationRepo, WriteResult } from '../persistence/repo';
import { newConversation, UNTITLED } from './conversation-factory';
import { folderName } from './conversation-groups';
import { mergeConversations, mergeMessages } from './cross-tab';
import type { SettingsStore } from './settings-store';
import type { StorageStatus } from './storage-status';
import { noWriters, type AnswerWriters } from './answer-writers';
import { currentPath, leafThrough, subtreeIds, versionsOf, type Versions } from '../tree/tree';
import { newId } from '../persistence/ids';
import { storedTree } from '../tree/stored-tree';

export interface ConversationsState {
  /** Saved conversations, newest first. */
  list: ConversationRecord[];
  /** The conversation on screen; a new one is not saved until its first message. */
  active: ConversationRecord;
  activeSaved: boolean;
  /** Everything stored for the active conversation (every branch and version). */
  records: MessageRecord[];
  /** What the active conversation shows, in order: the path of its current branch. */
  messages: MessageRecord[];
  /** For each shown message that has other versions: which one it is, and its neighbours. */
  versions: Readonly<Record<string, Versions>>;
  /** The active conversation's messages are being read. */
  opening: boolean;
  loaded: boolean;
}

export type ActivePatch = Partial<Pick<ConversationRecord, 'server' | 'model' | 'settings' | 'title'>>;

export interface ExportFile {
  name: string;
  mime: string;
  content: string;
}

/** What a delete removed, kept for a few seconds so it can be undone. */
export type Deleted =
  | {
      kind: 'conversation';
      conversation: ConversationRecord;
      messages: MessageRecord[];
      attachments: AttachmentRecord[];
    }
  | { kind: 'branch'; conversationId: string; messages: MessageRecord[]; attachments: AttachmentRecord[] };

export type ImportOutcome = { ok: true; message: string } | { ok: false; error: string };

/** A write: saved, refused because the conversation is gone, or failed (storage error). */
export type WriteOutcome = WriteResult | 'failed';

export interface ConversationsStore extends Readable<ConversationsState> {
  load(): Promise<void>;
  startNew(): void;
  select(id: string): Promise<void>;
  rename(id: string, title: string): Promise<void>;
  /** Pins a conversation to the top of the sidebar (or unpins it); its order in time is kept. */
  setPinned(id: string, pinned: boolean): Promise<void>;
  /** Files a conversation in a sidebar folder by name ('' takes it out of its folder). */
  setFolder(id: string, folder: string): Promise<void>;
  /** Deletes a conversation at once (answers in it stop); resolves to what Undo can put back. */
  remove(id: string): Promise<Deleted | null>;
  /**
   * Deletes a version of a message of the open conversation and everything after it; the
   * conversation then shows a remaining version. Refused (null) for a message without versions.
   */
  removeBranch(messageId: string): Promise<Deleted | null>;
  /**
   * Puts back what a delete removed. A deleted conversation comes back as a copy under a new
   * id (its old id stays a tombstone, so no late write can reach it); a branch comes back in place.
   */
  restore(deleted: Deleted): Promise<boolean>;
  updateActive(patch: ActivePatch): Promise<void>;
  /**
   * Saves `conversation` if it is still a draft and returns its record; null when it was deleted
   * meanwhile (a storage failure still returns it: the user can chat, the banner says nothing is
   * saved). It never reads "the active conversation".
   */
  ensureSaved(conversation: ConversationRecord): Promise<ConversationRecord | null>;
  /**
   * The one write path for messages: shows the record (when its conversation is open), keeps it
   * on screen until the write lands, and drops it when its conversation is gone.
   */
  writeMessage(message: MessageRecord, attachments?: AttachmentRecord[]): Promise<WriteOutcome>;
  /** Shows a message (when its conversation is open) ahead of its write. */
  showMessage(message: MessageRecord): void;
  /** Marks an answer as being written by this tab. */
  setWriting(messageId: string, writing: boolean): void;
  /**
   * Shows another version of a message of the open conversation: the branch through it, where
   * the user last was in it. Nothing is sent; the choice is saved with the conversation.
   */
  showVersion(messageId: string): Promise<void>;
  /** Makes a message of the open conversation shown: its branch, unless it is on screen already. */
  reveal(messageId: string): Promise<void>;
  exportActive(format: 'md' | 'json'): Promise<ExportFile>;
  /**
   * Imports a conversation file (Brook's, Open WebUI's or Hollama's) and opens the first
   * conversation of it; says what was imported and what was not carried over.
   */
  importJson(raw: string): Promise<ImportOutcome>;
  /** Another tab changed the database: re-read the list and, when affected, the open conversation. */
  refresh(change: StoredChange): Promise<void>;
  /** Calls `listener` with the id of each conversation found deleted (here or elsewhere). */
  onGone(listener: (conversationId: string) => void): () => void;
}

export function createConversationsStore(
  repo: ConversationRepo,
  settings: SettingsStore,
  storage: StorageStatus,
  writers: AnswerWriters = noWriters,
): ConversationsStore {
  const state = writable<ConversationsState>({
    list: [],
    active: newConversation(get(settings)),
    activeSaved: false,
    records: [],
    messages: [],
    versions: {},
    opening: false,
    loaded: false,
  });
  /** Records handed to storage whose write has not landed (or failed): they stay in view. */
  const unlanded = new Map<string, MessageRecord>();
  /** Answers this tab is writing now. */
  const writing = new Set<string>();
  /** Conversations known to be deleted: nothing of theirs is shown again. */
  const gone = new Set<string>();
  const goneListeners = new Set<(id: string) => void>();
  /** Conversations whose first save failed (storage error): shown, and saved again on next use. */
  const notStored = new Set<string>();

  async function attempt<T>(work: () => Promise<T>): Promise<T | 'failed'> {
    try {
      return await work();
    } catch (error) {
      storage.failed(error);
      return 'failed';
    }
  }

  /** Answers shown as being written by another tab, with the wait for that tab's writer lock. */
  const watched = new Map<string, AbortController>();
  /** Answers stored as `streaming` whose writer is gone (its lock is free): shown as interrupted. */
  const orphaned = new Set<string>();

  function withRecords(s: ConversationsState, records: MessageRecord[]): ConversationsState {
    const shown = records.map((m) =>
      m.status === 'streaming' && orphaned.has(m.id) ? { ...m, status: 'interrupted' as const } : m,
    );
    watchWriters(s.active.id, shown);
    const tree = storedTree(shown);
    const messages = currentPath(tree, s.active.branch);
    const versions: Record<string, Versions> = {};
    for (const message of messages) {
      const of = versionsOf(tree, message);
      if (of.count > 1) versions[message.id] = of;
    }
    return { ...s, records: shown, messages, versions };
  }

  /**
   * An answer another tab is writing: wait for that tab's lock, then read the conversation again,
   * so the "being written elsewhere" marker clears the moment the writer has finished or is gone.
   */
  function watchWriters(conversationId: string, records: MessageRecord[]): void {
    for (const [id, wait] of watched) {
      if (!records.some((m) => m.id === id)) {
        wait.abort();
        watched.delete(id);
      }
    }
    for (const record of records) {
      if (record.status !== 'streaming' || writing.has(record.id) || watched.has(record.id)) continue;
      const wait = new AbortController();
      watched.set(record.id, wait);
      void writers.whenFree(record.id, wait.signal).then(async () => {
        watched.delete(record.id);
        if (get(state).active.id !== conversationId) return;
        const stored = await attempt(() => repo.listMessages(conversationId));
        if (stored === 'failed' || get(state).active.id !== conversationId) return;
        if (stored.some((m) => m.id === record.id && m.status === 'streaming')) orphaned.add(record.id);
        state.update((s) => withRecords(s, merged(conversationId, s.records, stored)));
      });
    }
  }

  function withListed(list: ConversationRecord[], conversation: ConversationRecord): ConversationRecord[] {
    return mergeConversations(list, [conversation], () => true);
  }

  /**
   * Keeps the record in view until its write lands; the newest copy handed over is kept, so an
   * older write landing later never replaces it.
   */
  function hold(message: MessageRecord): void {
    const held = unlanded.get(message.id);
    if (!held || held.updatedAt <= message.updatedAt) unlanded.set(message.id, message);
    display(message);
  }

  function unlandedOf(conversationId: string): MessageRecord[] {
    return [...unlanded.values()].filter((m) => m.conversationId === conversationId);
  }

  /** Stored records with this tab's newer or not yet landed ones folded in. */
  function merged(conversationId: string, shown: MessageRecord[], stored: MessageRecord[]): MessageRecord[] {
    const local = [...shown, ...unlandedOf(conversationId)];
    return mergeMessages(local, stored, (id) => unlanded.has(id));
  }

  /** Puts the record on screen when its conversation is open (a newer copy there stays). */
  function display(message: MessageRecord): void {
    state.update((s) => {
      if (s.active.id !== message.conversationId) return s;
      const at = s.records.findIndex((m) => m.id === message.id);
      if (at !== -1 && s.records[at]!.updatedAt > message.updatedAt) return s;
      return withRecords(s, at === -1 ? [...s.records, message] : s.records.with(at, message));
    });
  }

  /** The conversation no longer exists: forget it everywhere and tell the listeners once. */
  async function forget(id: string): Promise<void> {
    const first = !gone.has(id);
    gone.add(id);
    for (const [key, record] of unlanded) if (record.conversationId === id) unlanded.delete(key);
    const wasActive = get(state).active.id === id && get(state).activeSaved;
    state.update((s) => ({ ...s, list: s.list.filter((c) => c.id !== id) }));
    if (first) for (const listener of goneListeners) listener(id);
    if (!wasActive) return;
    const next = get(state).list[0];
    if (next) await select(next.id);
    else startNew();
  }

  async function select(id: string): Promise<void> {
    const conversation = get(state).list.find((c) => c.id === id);
    if (!conversation || gone.has(id)) return;
    // Switch at once: whatever this tab writes into it from now on is shown while the read runs.
    state.update((s) =>
      withRecords({ ...s, active: conversation, activeSaved: true, opening: true }, unlandedOf(id)),
    );
    const stored = await attempt(() => repo.listMessages(id));
    if (get(state).active.id !== id) return; // the user moved on
    state.update((s) => {
      const records = stored === 'failed' ? s.records : merged(id, s.records, stored);
      return withRecords({ ...s, opening: false }, records);
    });
  }

  function startNew(): void {
    state.update((s) =>
      withRecords({ ...s, active: newConversation(get(settings)), activeSaved: false, opening: false }, []),
    );
  }

  /** Changes a conversation's own fields (not its messages), shown at once, then saved. */
  async function patchConversation(
    id: string,
    patch: Pick<Partial<ConversationRecord>, 'title' | 'pinned' | 'branch' | 'folder'>,
  ) {
    const s = get(state);
    const target = s.active.id === id ? s.active : s.list.find((c) => c.id === id);
    if (!target || gone.has(id)) return;
    const changed: ConversationRecord = { ...target, ...patch };
    if (changed.pinned === false) delete changed.pinned;
    if (!changed.folder) delete changed.folder;
    state.update((st) => {
      const next = {
        ...st,
        list: st.list.map((c) => (c.id === id ? changed : c)),
        active: st.active.id === id ? changed : st.active,
      };
      return patch.branch && st.active.id === id ? withRecords(next, st.records) : next;
    });
    if (s.list.some((c) => c.id === id)) await saveConversation(changed, false);
  }

  async function saveConversation(conversation: ConversationRecord, isNew: boolean): Promise<WriteOutcome> {
    const create = isNew || notStored.has(conversation.id);
    const result = await attempt(() =>
      create ? repo.createConversation(conversation) : repo.updateConversation(conversation),
    );
    if (create && result === 'failed') notStored.add(conversation.id);
    if (create && result === 'saved') notStored.delete(conversation.id);
    if (result === 'conversation-gone' && !notStored.has(conversation.id)) await forget(conversation.id);
    return result;
  }

  async function showVersion(messageId: string): Promise<void> {
    const { active, records } = get(state);
    const tree = storedTree(records);
    const leaf = leafThrough(tree, messageId);
    if (!leaf) return;
    // Later than every message so far: only what the user does next moves the branch on.
    const chosenAt = Math.max(Date.now(), tree.newest?.createdAt ?? 0);
    await patchConversation(active.id, { branch: { leafId: leaf.id, chosenAt } });
  }

  return {
    subscribe: state.subscribe,
    startNew,
    select,
    onGone(listener) {
      goneListeners.add(listener);
      return () => goneListeners.delete(listener);
    },
    async refresh(change) {
      if (change.deleted && change.conversationId) {
        await forget(change.conversationId);
        return;
      }
      const { active, activeSaved } = get(state);
      const reread = activeSaved && (change.conversationId === null || change.conversationId === active.id);
      const list = await attempt(() => repo.listConversations());
      const stored = reread ? await attempt(() => repo.listMessages(active.id)) : null;
      if (list === 'failed') return;
      state.update((s) => ({
        ...s,
        list: mergeConversations(s.list, list, () => false).filter((c) => !gone.has(c.id)),
      }));
      const now = get(state);
      if (now.activeSaved && !now.list.some((c) => c.id === now.active.id)) {
        await forget(now.active.id); // deleted in another tab
        return;
      }
      const record = now.list.find((c) => c.id === now.active.id);
      if (record) state.update((s) => ({ ...s, active: record }));
      if (stored && stored !== 'failed' && get(state).active.id === active.id) {
        state.update((s) => withRecords(s, merged(active.id, s.records, stored)));
      }
    },
    async load() {
      const list = await attempt(() => repo.listConversations());
      state.update((s) => ({ ...s, list: list === 'failed' ? [] : list, loaded: true }));
      const newest = get(state).list[0];
      if (newest) await select(newest.id);
    },
    async rename(id, title) {
      await patchConversation(id, { title: title.trim().slice(0, 200) || UNTITLED });
    },
    async setPinned(id, pinned) {
      await patchConversation(id, { pinned });
    },
    async setFolder(id, folder) {
      await patchConversation(id, { folder: folderName(folder) });
    },
    async remove(id) {
      const conversation = get(state).list.find((c) => c.id === id);
      // The copy for Undo is read in a transaction begun before the delete's, so it sees
      // everything, and the delete is not held back by it: it lands as soon as it would have.
      const reading = conversation ? attempt(() => repo.listMessages(id)) : Promise.resolve([]);
      const readingFiles = conversation ? attempt(() => repo.listAttachments(id)) : Promise.resolve([]);
      const ok = await attempt(() => repo.deleteConversation(id));
      const [messages, attachments] = [await reading, await readingFiles];
      if (ok === 'failed') return null;
      await forget(id);
      if (!conversation || messages === 'failed' || attachments === 'failed') return null;
      return { kind: 'conversation', conversation, messages, attachments };
    },
    async removeBranch(messageId) {
      const { active, records } = get(state);
      const tree = storedTree(records);
      const message = tree.byId.get(messageId);
      if (!message) return null;
      const versions = versionsOf(tree, message);
      const neighbour = versions.previous ?? versions.next;
      if (!neighbour) return null;
      const ids = new Set(subtreeIds(tree, messageId));
      const removed = records.filter((m) => ids.has(m.id));
      // The files only the removed messages referred to go with them, as storage saw them: kept for Undo.
      const attachments = await attempt(() => repo.deleteMessages([...ids]));
      if (attachments === 'failed') return null;
      for (const id of ids) unlanded.delete(id);
      state.update((s) =>
        s.active.id === active.id
          ? withRecords(
              s,
              s.records.filter((m) => !ids.has(m.id)),
            )
          : s,
      );
      if (get(state).active.id === active.id) await showVersion(neighbour);
      return { kind: 'branch', conversationId: active.id, messages: removed, attachments };
    },
    async restore(deleted) {
      if (deleted.kind === 'branch') {
        if (gone.has(deleted.conversationId)) return false;
        // The files go back with the first message (the branch's top), in its transaction.
        let files = deleted.attachments;
        for (const message of deleted.messages) {
          if ((await attempt(() => repo.putMessage(message, files))) !== 'saved') return false;
          files = [];
        }
        if (get(state).active.id === deleted.conversationId) {
          state.update((s) =>
            withRecords(
              s,
              mergeMessages(s.records, deleted.messages, () => true),
            ),
          );
          const top = deleted.messages[0]; // records are in tree order: the branch's first message
          if (top) await showVersion(top.id);
        }
        return true;
      }
      const copy = copyOf(deleted.conversation, deleted.messages);
      const files = deleted.attachments.map((file) => ({ ...file, conversationId: copy.conversation.id }));
      const result = await attempt(() =>
        repo.putConversationWithMessages(copy.conversation, copy.messages, files),
      );
      if (result !== 'saved') return false;
      state.update((s) => ({ ...s, list: withListed(s.list, copy.conversation) }));
      await select(copy.conversation.id);
      return true;
    },
    async updateActive(patch) {
      const s = get(state);
      const active = { ...s.active, ...patch };
      state.update((st) => ({
        ...st,
        active,
        list: st.activeSaved ? st.list.map((c) => (c.id === active.id ? active : c)) : st.list,
      }));
      if (s.activeSaved) await saveConversation(active, false);
    },
    async ensureSaved(conversation) {
      if (gone.has(conversation.id)) return null;
      const saved = get(state).list.find((c) => c.id === conversation.id);
      const record = { ...(saved ?? conversation), updatedAt: Date.now() };
      state.update((st) => ({
        ...st,
        active: st.active.id === record.id ? record : st.active,
        activeSaved: st.active.id === record.id ? true : st.activeSaved,
        list: withListed(st.list, record),
      }));
      // A storage failure still lets the user chat (the banner says nothing is being saved).
      const result = await saveConversation(record, !saved);
      return result === 'conversation-gone' ? null : record;
    },
    showMessage(message) {
      if (!gone.has(message.conversationId)) hold(message);
    },
    showVersion,
    async reveal(messageId) {
      const { messages, records } = get(state);
      if (messages.some((m) => m.id === messageId) || !records.some((m) => m.id === messageId)) return;
      await showVersion(messageId);
    },
    setWriting(messageId, on) {
      if (on) writing.add(messageId);
      else writing.delete(messageId);
      state.update((s) => withRecords(s, s.records));
    },
    async writeMessage(message, attachments = []) {
      if (gone.has(message.conversationId)) return 'conversation-gone';
      hold(message);
      let result = await attempt(() => repo.putMessage(message, attachments));
      // Its conversation could not be saved either (storage failing): not gone, just not stored.
      if (result === 'conversation-gone' && notStored.has(message.conversationId)) result = 'failed';
      if (result === 'failed') return result; // kept in view (and in `unlanded`) for the next save
      if (unlanded.get(message.id) === message) unlanded.delete(message.id);
      if (result === 'conversation-gone') await forget(message.conversationId);
      return result;
    },
    async exportActive(format) {
      const { active, activeSaved, messages, records } = get(state);
      if (format === 'md')
        return {
          name: exportFileName(active, 'md'),
          mime: 'text/markdown',
          content: toMarkdown(active, messages),
        };
      const stored = activeSaved ? await attempt(() => repo.listAttachments(active.id)) : [];
      if (stored === 'failed')
        throw new Error('The attached files could not be read, so nothing was exported.');
      const files = await exportAttachments(stored);
      const content = toExportJson(active, records, new Date(), files);
      // A file Brook could not import back is no backup: said now, not when it is needed.
      if (content.length > MAX_IMPORT_CHARS)
        throw new Error(
          `This chat with its attached files is ${Math.round(content.length / 1e6)} MB as JSON, more than Brook can import back (150 MB). Export it as Markdown, or delete versions that hold the largest files, then export again.`,
        );
      return { name: exportFileName(active, 'json'), mime: 'application/json', content };
    },
    async importJson(raw) {
      const server = get(settings).defaultServer ?? get(settings).servers[0]?.id ?? '';
      // The readers of every format load when a file is first imported (not on the first page).
      const { parseImportFile } = await import('../persistence/import-file');
      const parsed = parseImportFile(raw, { now: Date.now(), server });
      if (!parsed.ok) return parsed;
      let saved = 0;
      for (const { conversation, messages, attachments } of parsed.conversations) {
        const result = await attempt(() =>
          repo.putConversationWithMessages(conversation, messages, attachments ?? []),
        );
        if (result !== 'saved') break; // storage failing: what was saved stays, the rest is said
        saved++;
        state.update((s) => ({ ...s, list: withListed(s.list, conversation) }));
      }
      const total = parsed.conversations.length;
      if (saved === 0)
        return { ok: false, error: 'The conversation could not be saved, so it was not imported.' };
      await select(parsed.conversations[0]!.conversation.id);
      const what =
        total === 1
          ? `Imported “${parsed.conversations[0]!.conversation.title}”`
          : `Imported ${saved} of ${total} conversations`;
      const from = parsed.source === 'Brook' ? '' : ` from ${parsed.source}`;
      const unsaved = saved < total ? ` ${total - saved} could not be saved (storage failing).` : '';
      return { ok: true, message: [`${what}${from}.${unsaved}`, ...parsed.notes].join(' ') };
    },
  };
}

/** A deleted conversation under new ids (messages keep their links and the branch shown). */
function copyOf(conversation: ConversationRecord, messages: readonly MessageRecord[]) {
  const id = newId();
  const ids = new Map(messages.map((m) => [m.id, newId()]));
  const remap = (old: string | null | undefined) => (old ? (ids.get(old) ?? null) : null);
  const copy: ConversationRecord = { ...conversation, id };
  if (conversation.branch) {
    const leafId = ids.get(conversation.branch.leafId);
    if (leafId) copy.branch = { ...conversation.branch, leafId };
    else delete copy.branch;
  }
  return {
    conversation: copy,
    messages: messages.map((m) => {
      const out: MessageRecord = {
        ...m,
        id: ids.get(m.id)!,
        conversationId: id,
        parentId: remap(m.parentId),
      };
      if (m.replyTo) out.replyTo = remap(m.replyTo) ?? undefined;
      if (!out.replyTo) delete out.replyTo;
      delete out.replaces;
      // An answer that was being written when deleted did not finish.
      if (out.status === 'streaming') out.status = 'interrupted';
      return out;
    }),
  };
}
