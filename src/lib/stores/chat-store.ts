import { derived, get, writable, type Readable } from 'svelte/store';
import type { ProviderErrorData } from '../providers';
import type { ConversationRecord, MessageRecord } from '../vocabulary/records';
import {
  clearRecoverySnapshot,
  recoveryKey,
  writeRecoverySnapshot,
  type SyncStorage,
} from '../persistence/recovery';
import {
  createThrottledSaver,
  sizeAwareInterval,
  type SaverClock,
  type ThrottledSaver,
} from '../persistence/throttled-saver';
import { answerStats } from './answer-stats';
import { canContinue, completedPatch, failedPatch, finalRecord, reopened, withChunk } from './answer-outcome';
import { noWriters, type AnswerWriters } from './answer-writers';
import {
  IDLE,
  IDLE_CONVERSATION,
  isAnswering,
  type ChatState,
  type ConversationChat,
  type LiveAnswer,
} from './chat-types';
import { newAnswer, newUserMessage, titleFrom, UNTITLED } from './conversation-factory';
import type { ConversationsStore } from './conversations-store';
import { describeError } from './error-hints';
import { serverGoneError } from './server-gone';
import { serverPhrase, type ServerTarget } from '../servers/server';
import { toChatMessages, toContinueMessages, toGenerationSettings } from './request-builder';
import { continueMechanism, type ContinueMechanism } from '../servers/continuation';
import {
  callRecords,
  enabledTools,
  nextTurnLive,
  roundAnnouncement,
  runRound,
  toolSkipReason,
} from './tool-rounds';
import type { SettingsStore } from './settings-store';
import type { StorageStatus } from './storage-status';
import type { ChatTransport, CompletePayload } from './transport';
import { hasText } from '../vocabulary/records';
import { TimelineRecorder } from '../timeline/timeline-recorder';
import type { AttachmentRecord, AttachmentRef, PreparedAttachment } from '../vocabulary/attachments';
import type { AttachmentLookup } from '../attachments/prompt-text';
import type { AttachmentSource } from './attachment-source';

export type { ChatState, ChatStatus, LiveAnswer } from './chat-types';

/** A prepared file as stored with its question. */
function storedFile(conversationId: string, file: PreparedAttachment): AttachmentRecord {
  return {
    id: file.ref.id,
    conversationId,
    data: file.data,
    ...(file.text !== undefined ? { text: file.text } : {}),
  };
}

/**
 * Answers, one per conversation at most, several conversations at once. Each answer is bound to
 * its conversation and question when the question is saved; nothing here reads "the active
 * conversation" after an await. The readable state and `live` are the conversation on screen.
 */
export interface ChatStore extends Readable<ChatState> {
  /** The answer being written in the conversation on screen. */
  readonly live: Readable<LiveAnswer | null>;
  /** Ids of the conversations with an answer being written now. */
  readonly answering: Readable<ReadonlySet<string>>;
  /** Sends a question, with the files attached to it, in the conversation on screen. */
  send(text: string, files?: PreparedAttachment[]): Promise<boolean>;
  /** Stops the answer in `conversationId` (default: the one on screen). */
  stop(conversationId?: string): void;
  /**
   * Answers a question of the conversation on screen again: the question of answer `answerId`
   * (default: the last question). The new answer is a version beside the earlier ones, which
   * stay and can be paged back to.
   */
  regenerate(answerId?: string): Promise<boolean>;
  /**
   * Sends an edited copy of question `messageId` of the conversation on screen: a new branch
   * from the message before it, answered at once. The original question and its answers stay;
   * the copy keeps the original's attached files.
   */
  edit(messageId: string, text: string): Promise<boolean>;
  /**
   * Asks the model to carry on a stopped, cut-off or interrupted answer (the last one shown),
   * appending to the same message.
   */
  continueAnswer(answerId: string): Promise<boolean>;
  /** Saves every partial answer now: `closing` also writes synchronous recovery copies. */
  persistNow(reason: 'hidden' | 'closing'): void;
  /** Resolves once no answer is being written and every final save has landed. */
  settled(): Promise<void>;
}

export interface ChatDeps {
  transport: ChatTransport;
  conversations: ConversationsStore;
  /** Reads attached files back for each request. */
  attachments: AttachmentSource;
  settings: SettingsStore;
  storage: StorageStatus;
  recoveryStorage: SyncStorage;
  pageOrigin: string;
  writers?: AnswerWriters;
  /** An answer from `server` ended; `streamed`: text arrived, so the server is up. */
  onAnswerEnded?(server: ConversationRecord['server'], streamed: boolean): void;
  clock?: SaverClock;
  saveIntervalMs?: number;
  /** How long a stop waits for the worker's confirmation before finishing on its own. */
  stopGraceMs?: number;
}

interface Running {
  record: MessageRecord;
  /** When this request began (a continued answer was created earlier). */
  startedAt: number;
  /** A continued answer's text so far: the worker's texts are what follows it. */
  prefix: { text: string; reasoning: string } | null;
  /** How the next request carries the answer on (null: a fresh turn). */
  continuing: ContinueMechanism | null;
  conversation: ConversationRecord;
  /** The server, as configured when the answer was asked for. */
  server: ServerTarget;
  /** The messages before this answer (each tool round re-sends them with the rounds so far). */
  history: MessageRecord[];
  /** The files `history` refers to, read once per answer (at once when there are none). */
  files: AttachmentLookup | Promise<AttachmentLookup>;
  cancel(): void;
  saver: ThrottledSaver;
  release(): void;
  finished: boolean;
  /** The `updatedAt` of the latest copy made of this answer. */
  stampedAt: number;
  /** Where this request's time goes (saved with the answer when it ends). */
  timeline: TimelineRecorder;
}

export function createChatStore(deps: ChatDeps): ChatStore {
  const now = () => deps.clock?.now() ?? Date.now();
  const writers = deps.writers ?? noWriters;
  const chats = writable<Record<string, ConversationChat>>({});
  const lives = writable<Record<string, LiveAnswer>>({});
  const announcement = writable('');
  const runs = new Map<string, Running>();
  /** Conversations whose question is being saved (no request yet). */
  const sending = new Set<string>();
  /** Stop pressed while the question was still being saved: honoured as soon as the answer starts. */
  const stopPending = new Set<string>();
  /** Final saves of ended answers still under way. */
  const finalSaves = new Set<Promise<void>>();

  const activeId = () => get(deps.conversations).active.id;
  const chatOf = (id: string) => get(chats)[id] ?? IDLE_CONVERSATION;
  const busy = (id: string) => sending.has(id) || runs.has(id);

  function setChat(id: string, chat: ConversationChat | null): void {
    chats.update((all) => {
      const next = { ...all };
      if (chat) next[id] = chat;
      else delete next[id];
      return next;
    });
  }

  function setLive(id: string, update: (answer: LiveAnswer | undefined) => LiveAnswer | undefined): void {
    lives.update((all) => {
      const answer = update(all[id]);
      const next = { ...all };
      if (answer) next[id] = answer;
      else delete next[id];
      return next;
    });
  }

  /**
   * Each saved copy of an answer is strictly newer than the one before, even within one
   * millisecond, so "the newest copy wins" always picks the latest text (and the final record).
   */
  function stamp(run: Running): number {
    run.stampedAt = Math.max(now(), run.stampedAt + 1);
    return run.stampedAt;
  }

  const liveOf = (run: Running) => get(lives)[run.conversation.id];

  function snapshot(run: Running): MessageRecord {
    const answer = liveOf(run);
    if (run.finished || !answer) return run.record;
    return { ...run.record, content: answer.text, reasoning: answer.reasoning, updatedAt: stamp(run) };
  }

  function end(run: Running): void {
    run.finished = true;
    run.saver.dispose();
    if (runs.get(run.conversation.id) === run) runs.delete(run.conversation.id);
    setLive(run.conversation.id, () => undefined);
  }

  function finish(
    run: Running,
    patch: Partial<MessageRecord>,
    next: Partial<ConversationChat>,
    said: string,
  ) {
    if (run.finished) return;
    run.record = finalRecord(run.record, patch, liveOf(run) ?? null, stamp(run));
    const id = run.conversation.id;
    end(run);
    deps.conversations.showMessage(run.record);
    deps.conversations.setWriting(run.record.id, false);
    announcement.set(said);
    setChat(id, next.status === 'error' ? { ...IDLE_CONVERSATION, ...next } : null);
    deps.onAnswerEnded?.(run.server.id, hasText(run.record));
    // The writer lock is let go once the final copy has landed, so a tab waiting on it reads that.
    const saved = run.saver.flush().then(() => {
      clearRecoverySnapshot(deps.recoveryStorage, recoveryKey(run.record.id));
      run.release();
    });
    finalSaves.add(saved);
    void saved.finally(() => finalSaves.delete(saved));
  }

  /** The conversation is gone (deleted here or in another tab): stop and write nothing more. */
  function abandon(conversationId: string): void {
    sending.delete(conversationId);
    stopPending.delete(conversationId);
    setChat(conversationId, null);
    const run = runs.get(conversationId);
    if (!run || run.finished) return;
    run.cancel();
    end(run);
    run.release();
    deps.conversations.setWriting(run.record.id, false);
    clearRecoverySnapshot(deps.recoveryStorage, recoveryKey(run.record.id));
  }
  deps.conversations.onGone(abandon);

  function times(run: Running) {
    return { startedAt: run.startedAt, firstTokenAt: liveOf(run)?.firstTokenAt, endedAt: now() };
  }

  function onComplete(run: Running, done: CompletePayload): void {
    if (done.toolCalls.length > 0 && !run.finished) {
      const enabled = enabledTools(run.conversation);
      const rounds = run.record.toolRounds ?? [];
      if (toolSkipReason(done, enabled, rounds.length) === null)
        return runToolsAndContinue(run, done, enabled);
    }
    const stopped = done.finishReason === 'cancelled';
    const patch = completedPatch(done, times(run));
    patch.timeline = run.timeline.timeline(now(), done.stats);
    // Which limit cut it off, as asked when it was sent (Settings may change later).
    const asked = toGenerationSettings(run.conversation.settings).maxTokens;
    if (done.finishReason === 'length' && asked !== undefined) patch.maxTokens = asked;
    finish(
      run,
      afterPrefix(run, patch),
      {},
      stopped ? 'Stopped. The partial answer is kept.' : 'Answer complete.',
    );
  }

  function onError(run: Running, error: ProviderErrorData): void {
    const described = describeError(error, run.server, deps.pageOrigin);
    const patch = failedPatch(error, described, times(run));
    patch.timeline = run.timeline.timeline(now());
    finish(
      run,
      afterPrefix(run, patch),
      { status: 'error', lastError: described },
      `Answer failed: ${described.message}`,
    );
  }

  /** A continued answer: the worker's texts follow the text it had. */
  function afterPrefix(run: Running, patch: Partial<MessageRecord>): Partial<MessageRecord> {
    if (!run.prefix) return patch;
    const out = { ...patch, content: run.prefix.text + (patch.content ?? '') };
    const reasoning = run.prefix.reasoning + (patch.reasoning ?? '');
    if (reasoning) out.reasoning = reasoning;
    return out;
  }

  /**
   * The agent loop's step: the turn ended in tool calls, so run them here, keep the round on the
   * answer (shown and saved), and ask again with the results. Stop cancels the next request.
   */
  function runToolsAndContinue(run: Running, done: CompletePayload, enabled: string[]): void {
    const rounds = run.record.toolRounds ?? [];
    const shown = liveOf(run);
    const text = done.text.length >= (shown?.text.length ?? 0) ? done.text : (shown?.text ?? '');
    const round = runRound(text, done.reasoning, callRecords(done.toolCalls, rounds.length), enabled);
    run.continuing = null; // the next turn answers the tool results
    run.record = { ...run.record, toolRounds: [...rounds, round], updatedAt: stamp(run) };
    deps.conversations.showMessage(run.record);
    setLive(run.conversation.id, (answer) => answer && nextTurnLive(answer, now()));
    announcement.set(roundAnnouncement(round));
    run.saver.changed();
    sendTurn(run);
  }

  /**
   * Starts an answer to the last message of `history`, or, given `partial`, carries that answer
   * on in the same message (Continue).
   */
  function startAnswer(
    conversation: ConversationRecord,
    server: ServerTarget,
    history: MessageRecord[],
    partial?: MessageRecord,
    justSent: AttachmentRecord[] = [],
  ) {
    const startedAt = now();
    const record: MessageRecord = partial
      ? { ...reopened(partial, startedAt), continued: continueMechanism(server) }
      : newAnswer(conversation, history.at(-1), nextCreatedAt(conversation, startedAt));
    const prefix = partial ? { text: partial.content, reasoning: partial.reasoning ?? '' } : null;
    const run: Running = {
      record,
      startedAt,
      prefix,
      continuing: record.continued ?? null,
      conversation,
      server,
      history,
      files: filesOf(conversation.id, history, justSent),
      cancel: () => undefined,
      release: writers.hold(record.id),
      finished: false,
      // Every later copy is newer than this first one, whose time may be a little ahead of now.
      stampedAt: record.updatedAt,
      timeline: new TimelineRecorder(startedAt),
      saver: createThrottledSaver({
        read: () => snapshot(run),
        save: async (message) => {
          // The conversation was deleted (maybe in another tab): stop the answer, keep nothing.
          if ((await deps.conversations.writeMessage(message)) === 'conversation-gone')
            abandon(conversation.id);
        },
        intervalMs: () => {
          const answer = liveOf(run);
          const chars = answer ? answer.text.length + answer.reasoning.length : 0;
          return sizeAwareInterval(deps.saveIntervalMs ?? 1000, chars);
        },
        onError: (error) => deps.storage.failed(error),
        ...(deps.clock ? { clock: deps.clock } : {}),
      }),
    };
    runs.set(conversation.id, run);
    deps.conversations.setWriting(record.id, true);
    // Listed at once (empty): the view shows it through `live` until it finishes.
    deps.conversations.showMessage(record);
    setLive(conversation.id, () => ({
      conversationId: conversation.id,
      messageId: record.id,
      text: prefix?.text ?? '',
      reasoning: prefix?.reasoning ?? '',
      startedAt,
      ...(conversation.model ? { model: conversation.model } : {}),
    }));
    setChat(conversation.id, { status: 'waiting', messageId: record.id, lastError: null });
    announcement.set(
      run.continuing === 'ask'
        ? `${serverPhrase(server)} cannot continue an answer itself, so Brook asked the model to go on…`
        : 'Waiting for the model…',
    );
    // Save the empty answer at once so a reload during the first-token wait still finds it.
    void run.saver.flush();
    sendTurn(run);
  }

  /**
   * The files a request sends: read from storage, with the question's own files in hand (so a
   * question whose write failed, storage failing, still goes with them).
   */
  function filesOf(
    conversationId: string,
    history: MessageRecord[],
    justSent: AttachmentRecord[],
  ): AttachmentLookup | Promise<AttachmentLookup> {
    if (!history.some((m) => (m.attachments?.length ?? 0) > 0)) return new Map();
    const inHand = justSent.map((file) => [file.id, file] as const);
    return deps.attachments.lookup(conversationId, history).then((stored) => new Map([...stored, ...inHand]));
  }

  /**
   * Sends the history (and the answer's tool rounds so far) for the next turn of `run`, once its
   * files are read; a stop pressed meanwhile ends the answer before anything is sent.
   */
  function sendTurn(run: Running): void {
    if (!(run.files instanceof Promise)) return request(run, run.files);
    let stopped = false;
    run.cancel = () => {
      stopped = true;
    };
    void run.files.then((files) => {
      if (run.finished) return;
      if (stopped)
        finish(
          run,
          { status: 'stopped', finishReason: 'cancelled', stats: answerStats({}, times(run)) },
          {},
          'Stopped. The partial answer is kept.',
        );
      else request(run, files);
    });
  }

  function request(run: Running, files: AttachmentLookup): void {
    const { conversation } = run;
    const id = conversation.id;
    const handle = deps.transport.send(
      {
        server: run.server,
        ...(conversation.model ? { model: conversation.model } : {}),
        messages: run.continuing
          ? toContinueMessages(run.history, run.record, run.continuing, files)
          : toChatMessages([...run.history, run.record], files),
        settings: {
          ...toGenerationSettings(conversation.settings),
          ...(run.continuing === 'prefill' ? { continueFinal: true } : {}),
        },
      },
      {
        onChunk: (chunk) => {
          if (run.finished) return; // a late chunk of a finished or stopped request: ignore it
          const at = now();
          run.timeline.piece({
            at,
            textChars: chunk.text.length,
            reasoningChars: chunk.reasoning.length,
            ...(chunk.promptProgress !== undefined ? { promptProgress: chunk.promptProgress } : {}),
          });
          setLive(id, (answer) => answer && withChunk(answer, chunk, at));
          if (chatOf(id).status === 'waiting' && liveOf(run)?.firstTokenAt !== undefined) {
            setChat(id, { ...chatOf(id), status: 'streaming' });
            if (id === activeId()) announcement.set('Answering…');
          }
          run.saver.changed();
        },
        onComplete: (done) => onComplete(run, done),
        onError: (error) => onError(run, error),
      },
    );
    run.cancel = handle.cancel;
  }

  async function send(text: string, files: PreparedAttachment[] = []): Promise<boolean> {
    const { messages } = get(deps.conversations);
    return ask(text, messages, [], files);
  }

  /**
   * Saves a question after `history` (the branch it follows) and asks for its answer. Everything
   * the answer depends on is read now, before any await.
   */
  async function ask(
    text: string,
    history: MessageRecord[],
    kept: AttachmentRef[],
    files: PreparedAttachment[],
  ): Promise<boolean> {
    const content = text.trim();
    const { active, messages, opening } = get(deps.conversations);
    const refs = [...kept, ...files.map((file) => file.ref)];
    if ((!content && refs.length === 0) || opening || busy(active.id)) return false;
    const id = active.id;
    const server = targetOrRefuse(active);
    if (!server) return false;
    sending.add(id);
    stopPending.delete(id);
    setChat(id, { status: 'waiting', messageId: null, lastError: null });
    announcement.set('Sending…');
    try {
      const conversation = await deps.conversations.ensureSaved(active);
      if (!conversation || !sending.has(id)) return false;
      const user = newUserMessage(id, history.at(-1), content, nextCreatedAt(conversation, now()));
      if (refs.length > 0) user.attachments = refs;
      const stored = files.map((file) => storedFile(id, file));
      if ((await deps.conversations.writeMessage(user, stored)) === 'conversation-gone' || !sending.has(id))
        return false;
      let asked = conversation;
      if (conversation.title === UNTITLED && messages.length === 0) {
        asked = { ...conversation, title: titleFrom(content || refs[0]!.name) };
        await deps.conversations.rename(id, asked.title);
        if (!sending.has(id)) return false;
      }
      sending.delete(id);
      startAnswer(asked, server, [...history, user], undefined, stored);
      const run = runs.get(id);
      if (stopPending.delete(id) && run) stopRun(run);
      return true;
    } finally {
      if (sending.delete(id)) setChat(id, null); // not sent (gone or storage failed)
    }
  }

  /**
   * A new message's time: after every message of its conversation and after the branch the user
   * last chose, even within one millisecond, so it is the newest version and on the branch shown.
   */
  function nextCreatedAt(conversation: ConversationRecord, at: number): number {
    const { active, records } = get(deps.conversations);
    let latest = conversation.branch?.chosenAt ?? -1;
    if (active.id === conversation.id)
      for (const record of records) latest = Math.max(latest, record.createdAt);
    return Math.max(at, latest + 1);
  }

  /** The conversation on screen, when nothing is being opened or written in it. */
  function idleActive() {
    const { active, messages, opening } = get(deps.conversations);
    return opening || busy(active.id) ? null : { active, messages };
  }

  /**
   * The server the chat talks to, as configured now; read once per answer, so editing Settings
   * mid-answer changes nothing of it. A removed server sends nothing and says what to do.
   */
  function targetOrRefuse(conversation: ConversationRecord): ServerTarget | undefined {
    const server = deps.settings.target(conversation.server);
    if (!server) {
      const lastError = serverGoneError(get(deps.settings), conversation.server);
      setChat(conversation.id, { ...IDLE_CONVERSATION, status: 'error', lastError });
      announcement.set(lastError.message);
    }
    return server;
  }

  function stopRun(run: Running): void {
    run.cancel();
    // The worker confirms a stop with `complete` (cancelled); if it cannot, stop anyway.
    const grace = deps.stopGraceMs ?? 3000;
    setTimeout(() => {
      if (!run.finished)
        finish(
          run,
          { status: 'stopped', finishReason: 'cancelled', stats: answerStats({}, times(run)) },
          {},
          'Stopped. The partial answer is kept.',
        );
    }, grace);
  }

  const state = derived([chats, announcement, deps.conversations], ([all, said, conversations]) => {
    const id = conversations.active.id;
    return { ...IDLE, ...(all[id] ?? IDLE_CONVERSATION), conversationId: id, announcement: said };
  });
  const live = derived(
    [lives, deps.conversations],
    ([all, conversations]) => all[conversations.active.id] ?? null,
  );
  const answering = derived(chats, (all) => {
    const ids = Object.keys(all).filter((id) => isAnswering(all[id]!.status));
    return new Set(ids) as ReadonlySet<string>;
  });

  return {
    subscribe: state.subscribe,
    live,
    answering,
    send,
    stop(conversationId = activeId()) {
      const run = runs.get(conversationId);
      if (!run) {
        if (sending.has(conversationId)) stopPending.add(conversationId); // no request to cancel yet
        return;
      }
      if (!run.finished) stopRun(run);
    },
    async settled() {
      while (runs.size > 0 || sending.size > 0 || finalSaves.size > 0) {
        await new Promise<void>((resolve) => {
          const stop = answering.subscribe((ids) => {
            if (ids.size > 0 || sending.size > 0) return;
            queueMicrotask(() => stop());
            resolve();
          });
        });
        await Promise.all(finalSaves);
      }
    },
    async regenerate(answerId) {
      const idle = idleActive();
      if (!idle) return false;
      const { active, messages } = idle;
      const at = answerId
        ? messages.findIndex((m) => m.id === answerId && m.role === 'assistant')
        : messages.findLastIndex((m) => m.role === 'user') + 1;
      const question = messages[at - 1];
      if (at <= 0 || question?.role !== 'user') return false;
      const server = targetOrRefuse(active);
      if (!server) return false;
      startAnswer(active, server, messages.slice(0, at));
      return true;
    },
    async edit(messageId, text) {
      const idle = idleActive();
      const at = idle?.messages.findIndex((m) => m.id === messageId && m.role === 'user') ?? -1;
      if (!idle || at === -1) return false;
      return ask(text, idle.messages.slice(0, at), idle.messages[at]!.attachments ?? [], []);
    },
    async continueAnswer(answerId) {
      const idle = idleActive();
      const answer = idle?.messages.at(-1);
      if (!idle || !answer || answer.id !== answerId || !canContinue(answer)) return false;
      const server = targetOrRefuse(idle.active);
      if (!server) return false;
      startAnswer(idle.active, server, idle.messages.slice(0, -1), answer);
      return true;
    },
    persistNow(reason) {
      for (const run of runs.values()) {
        if (run.finished) continue;
        if (reason === 'closing')
          writeRecoverySnapshot(deps.recoveryStorage, { ...snapshot(run), status: 'interrupted' });
        void run.saver.flush();
      }
    },
  };
}
