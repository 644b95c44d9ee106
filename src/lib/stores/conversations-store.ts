import { get, writable, type Readable } from 'svelte/store';
import { exportFileName, toExportJson, toMarkdown } from '../persistence/export-conversation';
import { parseConversationImport } from '../persistence/import-conversation';
import type { ConversationRecord, MessageRecord } from '../persistence/records';
import type { ConversationRepo } from '../persistence/repo';
import { newConversation, UNTITLED } from './conversation-factory';
import { applyRemote } from './cross-tab';
import type { SettingsStore } from './settings-store';
import type { StorageStatus } from './storage-status';

export interface ConversationsState {
  /** Saved conversations, newest first. */
  list: ConversationRecord[];
  /** The conversation on screen; a new one is not saved until its first message. */
  active: ConversationRecord;
  activeSaved: boolean;
  /** Finished (or interrupted) messages of the active conversation, in order. */
  messages: MessageRecord[];
  loaded: boolean;
}

export type ActivePatch = Partial<Pick<ConversationRecord, 'server' | 'model' | 'settings' | 'title'>>;

export interface ExportFile {
  name: string;
  mime: string;
  content: string;
}

export interface ConversationsStore extends Readable<ConversationsState> {
  load(): Promise<void>;
  startNew(): void;
  select(id: string): Promise<void>;
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
  updateActive(patch: ActivePatch): Promise<void>;
  /** Saves the active conversation if it is still a draft; returns it. */
  ensureSaved(): Promise<ConversationRecord>;
  /** Shows (when its conversation is active) and saves a message; false when the save failed. */
  putMessage(message: MessageRecord): Promise<boolean>;
  /** Shows a message without saving it (the saver writes it). */
  showMessage(message: MessageRecord): void;
  removeMessages(ids: string[]): Promise<void>;
  exportActive(format: 'md' | 'json'): Promise<ExportFile>;
  /** Imports a Brook JSON file; resolves to an error message, or null when imported. */
  importJson(raw: string): Promise<string | null>;
  /**
   * Another tab changed the database (`conversationId` null: cannot tell which conversation):
   * re-reads the list and, when affected, the open conversation. `keepLocal` names records whose
   * write from this tab has not landed yet.
   */
  refresh(conversationId: string | null, keepLocal: (id: string) => boolean): Promise<void>;
}

export function createConversationsStore(
  repo: ConversationRepo,
  settings: SettingsStore,
  storage: StorageStatus,
): ConversationsStore {
  const state = writable<ConversationsState>({
    list: [],
    active: newConversation(get(settings)),
    activeSaved: false,
    messages: [],
    loaded: false,
  });

  async function attempt(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      storage.failed(error);
      return false;
    }
  }

  function withListed(list: ConversationRecord[], conversation: ConversationRecord): ConversationRecord[] {
    return [conversation, ...list.filter((c) => c.id !== conversation.id)].sort(
      (a, b) => b.updatedAt - a.updatedAt,
    );
  }

  async function select(id: string): Promise<void> {
    const conversation = get(state).list.find((c) => c.id === id);
    if (!conversation) return;
    let messages: MessageRecord[] = [];
    await attempt(async () => {
      messages = await repo.listMessages(id);
    });
    state.update((s) => ({ ...s, active: conversation, activeSaved: true, messages }));
  }

  function startNew(): void {
    state.update((s) => ({ ...s, active: newConversation(get(settings)), activeSaved: false, messages: [] }));
  }

  function showMessage(message: MessageRecord): void {
    state.update((s) => {
      if (s.active.id !== message.conversationId) return s;
      const at = s.messages.findIndex((m) => m.id === message.id);
      const messages = at === -1 ? [...s.messages, message] : s.messages.with(at, message);
      return { ...s, messages };
    });
  }

  return {
    subscribe: state.subscribe,
    startNew,
    select,
    async refresh(conversationId, keepLocal) {
      const { active, activeSaved } = get(state);
      let list: ConversationRecord[] | null = null;
      let messages: MessageRecord[] | null = null;
      const reread = activeSaved && (conversationId === null || conversationId === active.id);
      await attempt(async () => {
        list = await repo.listConversations();
        if (reread) messages = await repo.listMessages(active.id);
      });
      const stored: ConversationRecord[] | null = list;
      if (stored === null || get(state).active.id !== active.id) return;
      state.update((s) => applyRemote(s, stored, messages, keepLocal));
      const now = get(state);
      if (now.activeSaved && !now.list.some((c) => c.id === now.active.id)) {
        // Deleted in another tab: show what is left, as a delete here would.
        const next = now.list[0];
        if (next) await select(next.id);
        else startNew();
      }
    },
    async load() {
      let list: ConversationRecord[] = [];
      await attempt(async () => {
        list = await repo.listConversations();
      });
      state.update((s) => ({ ...s, list, loaded: true }));
      const newest = list[0];
      if (newest) await select(newest.id);
    },
    async rename(id, title) {
      const clean = title.trim().slice(0, 200) || UNTITLED;
      const s = get(state);
      const target = s.active.id === id ? s.active : s.list.find((c) => c.id === id);
      if (!target) return;
      const renamed = { ...target, title: clean };
      state.update((st) => ({
        ...st,
        list: st.list.map((c) => (c.id === id ? renamed : c)),
        active: st.active.id === id ? renamed : st.active,
      }));
      if (s.activeSaved || s.active.id !== id) await attempt(() => repo.putConversation(renamed));
    },
    async remove(id) {
      const ok = await attempt(() => repo.deleteConversation(id));
      if (!ok) return;
      const wasActive = get(state).active.id === id;
      state.update((s) => ({ ...s, list: s.list.filter((c) => c.id !== id) }));
      if (!wasActive) return;
      const next = get(state).list[0];
      if (next) await select(next.id);
      else startNew();
    },
    async updateActive(patch) {
      const s = get(state);
      const active = { ...s.active, ...patch };
      state.update((st) => ({
        ...st,
        active,
        list: st.activeSaved ? st.list.map((c) => (c.id === active.id ? active : c)) : st.list,
      }));
      if (s.activeSaved) await attempt(() => repo.putConversation(active));
    },
    async ensureSaved() {
      const s = get(state);
      const active = { ...s.active, updatedAt: Date.now() };
      state.update((st) => ({ ...st, active, activeSaved: true, list: withListed(st.list, active) }));
      await attempt(() => repo.putConversation(active));
      return active;
    },
    showMessage,
    async putMessage(message) {
      showMessage(message);
      return attempt(() => repo.putMessage(message));
    },
    async removeMessages(ids) {
      state.update((s) => ({ ...s, messages: s.messages.filter((m) => !ids.includes(m.id)) }));
      await attempt(() => repo.deleteMessages(ids));
    },
    async exportActive(format) {
      const { active, messages } = get(state);
      return format === 'md'
        ? { name: exportFileName(active, 'md'), mime: 'text/markdown', content: toMarkdown(active, messages) }
        : {
            name: exportFileName(active, 'json'),
            mime: 'application/json',
            content: toExportJson(active, messages),
          };
    },
    async importJson(raw) {
      const parsed = parseConversationImport(raw);
      if (!parsed.ok) return parsed.error;
      try {
        await repo.putConversationWithMessages(parsed.conversation, parsed.messages);
      } catch (error) {
        storage.failed(error);
        return 'The conversation could not be saved, so it was not imported.';
      }
      state.update((s) => ({ ...s, list: withListed(s.list, parsed.conversation) }));
      await select(parsed.conversation.id);
      return null;
    },
  };
}
