import { get, writable, type Readable } from 'svelte/store';
import type { ProviderErrorData } from '../providers';
import type { ConversationRecord, MessageRecord } from '../persistence/records';
import { clearRecoverySnapshot, writeRecoverySnapshot, type SyncStorage } from '../persistence/recovery';
import type { ConversationRepo } from '../persistence/repo';
import { createThrottledSaver, type SaverClock, type ThrottledSaver } from '../persistence/throttled-saver';
import { answerStats } from './answer-stats';
import { completedPatch, failedPatch, finalRecord, withChunk } from './answer-outcome';
import { IDLE, type ChatState, type LiveAnswer } from './chat-types';
import { newAnswer, newUserMessage, titleFrom, UNTITLED } from './conversation-factory';
import type { ConversationsStore } from './conversations-store';
import { describeError } from './error-hints';
import { toChatMessages, toGenerationSettings } from './request-builder';
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

export type { ChatState, ChatStatus, LiveAnswer } from './chat-types';

export interface ChatStore extends Readable<ChatState> {
  readonly live: Readable<LiveAnswer | null>;
  send(text: string): Promise<boolean>;
  stop(): void;
  /** Answers the last user message again (replacing the answer after it, if any). */
  regenerate(): Promise<boolean>;
  /** Saves the partial answer now: `closing` also writes a synchronous recovery copy. */
  persistNow(reason: 'hidden' | 'closing'): void;
}

export interface ChatDeps {
  transport: ChatTransport;
  repo: ConversationRepo;
  conversations: ConversationsStore;
  settings: SettingsStore;
  storage: StorageStatus;
  recoveryStorage: SyncStorage;
  pageOrigin: string;
  clock?: SaverClock;
  saveIntervalMs?: number;
  /** How long a stop waits for the worker's confirmation before finishing on its own. */
  stopGraceMs?: number;
}

interface Running {
  record: MessageRecord;
  conversation: ConversationRecord;
  /** The messages before this answer (each tool round re-sends them with the rounds so far). */
  history: MessageRecord[];
  cancel(): void;
  saver: ThrottledSaver;
  finished: boolean;
}

export function createChatStore(deps: ChatDeps): ChatStore {
  const now = () => deps.clock?.now() ?? Date.now();
  const state = writable<ChatState>(IDLE);
  const live = writable<LiveAnswer | null>(null);
  let running: Running | null = null;
  /** Stop pressed while the question was still being saved: honoured as soon as the answer starts. */
  let stopPending = false;

  const busy = () => get(state).status === 'waiting' || get(state).status === 'streaming';

  function snapshot(run: Running): MessageRecord {
    const answer = get(live);
    if (run.finished || !answer) return run.record;
    return { ...run.record, content: answer.text, reasoning: answer.reasoning, updatedAt: now() };
  }

  function finish(run: Running, patch: Partial<MessageRecord>, next: Partial<ChatState>): void {
    if (run.finished) return;
    run.record = finalRecord(run.record, patch, get(live), now());
    run.finished = true;
    run.saver.dispose();
    if (running === run) running = null;
    deps.conversations.showMessage(run.record);
    live.set(null);
    state.set({ ...IDLE, ...next });
    void run.saver.flush().then(() => clearRecoverySnapshot(deps.recoveryStorage));
  }

  function times(run: Running) {
    return { startedAt: run.record.createdAt, firstTokenAt: get(live)?.firstTokenAt, endedAt: now() };
  }

  function onComplete(run: Running, done: CompletePayload): void {
    if (done.toolCalls.length > 0 && !run.finished) {
      const enabled = enabledTools(run.conversation);
      const rounds = run.record.toolRounds ?? [];
      if (toolSkipReason(done, enabled, rounds.length) === null)
        return runToolsAndContinue(run, done, enabled);
    }
    const stopped = done.finishReason === 'cancelled';
    finish(run, completedPatch(done, times(run)), {
      announcement: stopped ? 'Stopped. The partial answer is kept.' : 'Answer complete.',
    });
  }

  function onError(run: Running, error: ProviderErrorData): void {
    const url = get(deps.settings).serverUrls[run.conversation.server];
    const described = describeError(error, run.conversation.server, url, deps.pageOrigin);
    finish(run, failedPatch(error, described, times(run)), {
      status: 'error',
      lastError: described,
      announcement: `Answer failed: ${described.message}`,
    });
  }

  /**
   * The agent loop's step: the turn ended in tool calls, so run them here, keep the round on the
   * answer (shown and saved), and ask again with the results. Stop cancels the next request.
   */
  function runToolsAndContinue(run: Running, done: CompletePayload, enabled: string[]): void {
    const rounds = run.record.toolRounds ?? [];
    const shown = get(live);
    const text = done.text.length >= (shown?.text.length ?? 0) ? done.text : (shown?.text ?? '');
    const round = runRound(text, done.reasoning, callRecords(done.toolCalls, rounds.length), enabled);
    run.record = { ...run.record, toolRounds: [...rounds, round], updatedAt: now() };
    deps.conversations.showMessage(run.record);
    live.update((answer) => answer && nextTurnLive(answer, now()));
    state.update((s) => ({ ...s, announcement: roundAnnouncement(round) }));
    run.saver.changed();
    sendTurn(run);
  }

  function startAnswer(conversation: ConversationRecord, history: MessageRecord[]): void {
    const startedAt = now();
    const record = newAnswer(conversation, history.at(-1), startedAt);
    const run: Running = {
      record,
      conversation,
      history,
      cancel: () => undefined,
      finished: false,
      saver: createThrottledSaver({
        read: () => snapshot(run),
        save: (message) => deps.repo.putMessage(message),
        intervalMs: deps.saveIntervalMs ?? 1000,
        onError: (error) => deps.storage.failed(error),
        ...(deps.clock ? { clock: deps.clock } : {}),
      }),
    };
    running = run;
    // Listed at once (empty): the view shows it through `live` until it finishes.
    deps.conversations.showMessage(record);
    live.set({
      conversationId: conversation.id,
      messageId: record.id,
      text: '',
      reasoning: '',
      startedAt,
      ...(conversation.model ? { model: conversation.model } : {}),
    });
    state.set({
      ...IDLE,
      status: 'waiting',
      conversationId: conversation.id,
      messageId: record.id,
      announcement: 'Waiting for the model…',
    });
    // Save the empty answer at once so a reload during the first-token wait still finds it.
    void run.saver.flush();
    sendTurn(run);
  }

  /** Sends the history (and the answer's tool rounds so far) for the next turn of `run`. */
  function sendTurn(run: Running): void {
    const { conversation } = run;
    const handle = deps.transport.send(
      {
        provider: deps.settings.target(conversation.server),
        ...(conversation.model ? { model: conversation.model } : {}),
        messages: toChatMessages([...run.history, run.record]),
        settings: toGenerationSettings(conversation.settings),
      },
      {
        onChunk: (chunk) => {
          if (run.finished) return; // a late chunk of a finished or stopped request: ignore it
          live.update((answer) => answer && withChunk(answer, chunk, now()));
          if (get(state).status === 'waiting' && get(live)?.firstTokenAt !== undefined) {
            state.update((s) => ({ ...s, status: 'streaming', announcement: 'Answering…' }));
          }
          run.saver.changed();
        },
        onComplete: (done) => onComplete(run, done),
        onError: (error) => onError(run, error),
      },
    );
    run.cancel = handle.cancel;
  }

  async function send(text: string): Promise<boolean> {
    const content = text.trim();
    if (!content || busy()) return false;
    stopPending = false;
    state.set({ ...IDLE, status: 'waiting', announcement: 'Sending…' });
    const before = get(deps.conversations);
    const conversation = await deps.conversations.ensureSaved();
    const user = newUserMessage(conversation.id, before.messages.at(-1), content, now());
    await deps.conversations.putMessage(user);
    if (conversation.title === UNTITLED && before.messages.length === 0) {
      await deps.conversations.rename(conversation.id, titleFrom(content));
    }
    startAnswer(get(deps.conversations).active, [...before.messages, user]);
    if (stopPending && running) stopRun(running);
    stopPending = false;
    return true;
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
          { announcement: 'Stopped. The partial answer is kept.' },
        );
    }, grace);
  }

  return {
    subscribe: state.subscribe,
    live: { subscribe: live.subscribe },
    send,
    stop() {
      const run = running;
      if (!run) {
        if (busy()) stopPending = true; // still saving the question: no request to cancel yet
        return;
      }
      if (!run.finished) stopRun(run);
    },
    async regenerate() {
      if (busy()) return false;
      const { messages, active } = get(deps.conversations);
      const lastUser = messages.findLastIndex((m) => m.role === 'user');
      if (lastUser === -1) return false;
      const history = messages.slice(0, lastUser + 1);
      const stale = messages.slice(lastUser + 1).map((m) => m.id);
      if (stale.length) await deps.conversations.removeMessages(stale);
      startAnswer(active, history);
      return true;
    },
    persistNow(reason) {
      const run = running;
      if (!run || run.finished) return;
      if (reason === 'closing')
        writeRecoverySnapshot(deps.recoveryStorage, { ...snapshot(run), status: 'interrupted' });
      void run.saver.flush();
    },
  };
}
