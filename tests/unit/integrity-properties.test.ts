/**
 * Property-based tests of the conversation store. fast-check generates sequences of what a user
 * (and the machine) can do — send, stop, switch, new chat, rename, delete, regenerate, reload,
 * a second tab, the server failing, gaps of 0–50 ms — and runs them against the real stores over
 * fake-indexeddb, the real worker core over a MessageChannel, the real `ollama` client and the
 * Ollama emulator. After every step storage must hold:
 *   - every message belongs to an existing conversation;
 *   - every answer sits right after the question it answers, in that question's conversation;
 *   - no finished answer disappears unless the user deleted its conversation;
 *   - a deleted conversation never reappears;
 * and once everything is idle, what each tab shows equals what storage holds.
 *
 * Seeded and bounded: BROOK_PROPERTY_RUNS runs (default 12), BROOK_PROPERTY_SEED replays a failure
 * (fast-check prints the seed and path of the smallest failing sequence it finds).
 */
import 'fake-indexeddb/auto';
import { MessageChannel } from 'node:worker_threads';
import fc from 'fast-check';
import { get } from 'svelte/store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { announcingRepo, broadcastChangeFeed, type ChangeFeed } from '../../src/lib/persistence/change-feed';
import { createIdbRepo } from '../../src/lib/persistence/idb-repo';
import type { MessageRecord } from '../../src/lib/vocabulary/records';
import type { ConversationRepo } from '../../src/lib/persistence/repo';
import { createBrook, type Brook } from '../../src/lib/stores/brook';
import { createSettingsStore } from '../../src/lib/stores/settings-store';
import { currentPath } from '../../src/lib/tree/tree';
import { storedTree } from '../../src/lib/tree/stored-tree';
import { ChatClient, type ClientPort } from '../../src/lib/workers/chat-client';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { startOllamaEmulator } from '../emulators/ollama-emulator';
import { MapStorage } from './stores-harness';

const RUNS = Number(process.env.BROOK_PROPERTY_RUNS ?? 12);
const SEED = process.env.BROOK_PROPERTY_SEED ? Number(process.env.BROOK_PROPERTY_SEED) : undefined;
const TOKENS = ['One', ' two', ' three', ' four', ' five', ' six'];

type Step =
  | { kind: 'send'; tab: number; text: string }
  /** Enter, then another chat within the same few milliseconds. */
  | { kind: 'send-and-switch'; tab: number; text: string; index: number }
  | { kind: 'stop'; tab: number }
  | { kind: 'switch'; tab: number; index: number }
  | { kind: 'new'; tab: number }
  | { kind: 'rename'; tab: number; index: number }
  | { kind: 'delete'; tab: number; index: number }
  | { kind: 'regenerate'; tab: number; index: number }
  /** Edit and resend a question of the open chat: a new branch. */
  | { kind: 'edit'; tab: number; index: number }
  /** Page to another version of a message of the open chat. */
  | { kind: 'page'; tab: number; index: number }
  | { kind: 'reload'; tab: number }
  | { kind: 'second-tab' }
  | { kind: 'server'; failing: boolean }
  | { kind: 'wait'; ms: number };

const tab = fc.integer({ min: 0, max: 1 });
const index = fc.integer({ min: 0, max: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      tab,
      text: fc.constantFrom('Hi', 'Why?', 'Go on', ' x '),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('send-and-switch' as const),
      tab,
      text: fc.constantFrom('Hi', 'Why?'),
      index,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stop' as const), tab }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('switch' as const), tab, index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('new' as const), tab }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), tab, index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), tab, index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('regenerate' as const), tab, index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), tab, index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('page' as const), tab, index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), tab }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'second-tab' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('server' as const), failing: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 50 }) }),
  },
);

let emulator: HttpEmulatorHandle;
let runCount = 0;

beforeAll(async () => {
  emulator = await startOllamaEmulator();
});
afterAll(async () => {
  await emulator.close();
});

interface Tab {
  brook: Brook;
  close(): void;
}

/** One browser profile: a database, localStorage and a change channel shared by its tabs. */
class Profile {
  readonly db = `brook-property-${++runCount}`;
  readonly local = new MapStorage();
  readonly channel = `property-${runCount}`;
  readonly tabs: (Tab | null)[] = [];
  readonly pending: Promise<unknown>[] = [];
  readonly closers: (() => void)[] = [];

  constructor(url: string) {
    const settings = createSettingsStore(this.local, new MapStorage());
    settings.editServer('ollama', { kind: 'ollama', name: 'Ollama', url });
    settings.setDefaultChoice('ollama', 'llama3.2:latest');
  }

  async open(at: number): Promise<void> {
    const channel = new MessageChannel();
    attachChatWorker(channel.port2 as unknown as PortLike);
    const feed: ChangeFeed = broadcastChangeFeed(this.channel);
    const brook = createBrook({
      transport: new ChatClient(channel.port1 as unknown as ClientPort),
      repo: announcingRepo(await createIdbRepo(this.db), feed),
      local: this.local,
      session: new MapStorage(),
      pageOrigin: 'http://127.0.0.1:4173',
    });
    await brook.init();
    const unsubscribe = feed.subscribe((change) => this.track(brook.conversations.refresh(change)));
    const close = () => {
      unsubscribe();
      feed.close();
      channel.port1.close();
      channel.port2.close();
    };
    this.closers.push(close);
    this.tabs[at] = { brook, close };
  }

  track(work: Promise<unknown>): void {
    this.pending.push(work.catch(() => undefined));
  }

  tab(at: number): Tab | null {
    return this.tabs[at] ?? this.tabs.find((t) => t) ?? null;
  }

  close(): void {
    for (const close of this.closers) close();
  }
}

/** What the model of the run remembers: finished answers seen, conversations the user deleted. */
interface Seen {
  finished: Map<string, string>;
  deleted: Set<string>;
}

async function everything(repo: ConversationRepo) {
  const conversations = await repo.listConversations();
  const messages: MessageRecord[] = [];
  for (const c of conversations) messages.push(...(await repo.listMessages(c.id)));
  return { ids: new Set(conversations.map((c) => c.id)), messages };
}

/** Messages whose conversation is missing, read straight from the messages store. */
async function allStoredMessages(db: string): Promise<MessageRecord[]> {
  const { openDB } = await import('idb');
  const handle = await openDB(db);
  const all = (await handle.getAll('messages')) as MessageRecord[];
  handle.close();
  return all;
}

async function checkStorage(profile: Profile, repo: ConversationRepo, seen: Seen): Promise<void> {
  const { ids } = await everything(repo);
  const all = await allStoredMessages(profile.db);
  const byId = new Map(all.map((m) => [m.id, m]));
  for (const m of all) {
    expect(ids.has(m.conversationId), `message ${m.id} belongs to no conversation`).toBe(true);
    expect(m.parentId, `message ${m.id} has no place in the tree`).not.toBeUndefined();
    if (m.parentId) {
      const parent = byId.get(m.parentId);
      expect(parent, `message ${m.id} has lost the message it follows`).toBeDefined();
      expect(parent!.conversationId, `message ${m.id} follows a message of another chat`).toBe(
        m.conversationId,
      );
      expect(parent!.role, `message ${m.id} follows one of its own role`).not.toBe(m.role);
      expect(m.seq).toBe(parent!.seq + 1);
    } else {
      expect(m.seq).toBe(0);
    }
    if (m.role === 'assistant') expect(m.parentId).toBe(m.replyTo);
    if (m.role === 'assistant' && m.replyTo) {
      const question = byId.get(m.replyTo);
      expect(question, `answer ${m.id} has lost its question`).toBeDefined();
      expect(question!.conversationId, `answer ${m.id} filed in another chat`).toBe(m.conversationId);
      expect(question!.role).toBe('user');
      expect(m.seq, `answer ${m.id} is not right after its question`).toBe(question!.seq + 1);
    }
    if (m.role === 'assistant' && m.status === 'complete' && m.content)
      seen.finished.set(m.id, m.conversationId);
  }
  for (const [id, conversationId] of seen.finished) {
    if (seen.deleted.has(conversationId)) continue;
    expect(byId.has(id), `finished answer ${id} disappeared`).toBe(true);
  }
  for (const id of seen.deleted) expect(ids.has(id), `deleted conversation ${id} came back`).toBe(false);
}

async function run(profile: Profile, steps: Step[]): Promise<void> {
  const seen: Seen = { finished: new Map(), deleted: new Set() };
  const observer = await createIdbRepo(profile.db);
  await profile.open(0);
  for (const s of steps) {
    const t = 'tab' in s ? profile.tab(s.tab) : null;
    const conversations = t ? get(t.brook.conversations) : null;
    const pick = (i: number) => conversations?.list[i % Math.max(1, conversations.list.length)];
    switch (s.kind) {
      case 'send':
        if (t) profile.track(t.brook.chat.send(s.text));
        break;
      case 'send-and-switch': {
        const target = pick(s.index);
        if (!t) break;
        profile.track(t.brook.chat.send(s.text));
        if (target) profile.track(t.brook.conversations.select(target.id));
        break;
      }
      case 'stop':
        t?.brook.chat.stop();
        break;
      case 'switch': {
        const target = pick(s.index);
        if (t && target) profile.track(t.brook.conversations.select(target.id));
        break;
      }
      case 'new':
        t?.brook.conversations.startNew();
        break;
      case 'rename': {
        const target = pick(s.index);
        if (t && target) profile.track(t.brook.conversations.rename(target.id, `Renamed ${s.index}`));
        break;
      }
      case 'delete': {
        const target = pick(s.index);
        if (t && target) {
          seen.deleted.add(target.id);
          profile.track(t.brook.conversations.remove(target.id));
        }
        break;
      }
      case 'regenerate': {
        const answers = conversations?.messages.filter((m) => m.role === 'assistant') ?? [];
        const answer = answers[s.index % Math.max(1, answers.length)];
        if (t) profile.track(t.brook.chat.regenerate(s.index === 0 ? undefined : answer?.id));
        break;
      }
      case 'edit': {
        const questions = conversations?.messages.filter((m) => m.role === 'user') ?? [];
        const question = questions[s.index % Math.max(1, questions.length)];
        if (t && question) profile.track(t.brook.chat.edit(question.id, `${question.content} (edited)`));
        break;
      }
      case 'page': {
        const paged = Object.values(conversations?.versions ?? {});
        const versions = paged[s.index % Math.max(1, paged.length)];
        const to = versions?.previous ?? versions?.next;
        if (t && to) profile.track(t.brook.conversations.showVersion(to));
        break;
      }
      case 'reload': {
        const at = profile.tabs.indexOf(t);
        if (t && at !== -1) {
          t.brook.chat.persistNow('closing'); // pagehide, then the page is gone
          t.close();
          profile.tabs[at] = null;
          await profile.open(at);
        }
        break;
      }
      case 'second-tab':
        if (!profile.tabs[1]) await profile.open(1);
        break;
      case 'server':
        emulator.script(
          s.failing
            ? { tokens: TOKENS, tokenDelayMs: 2, failAfterTokens: 2, failMessage: 'model runner crashed' }
            : { tokens: TOKENS, tokenDelayMs: 2 },
        );
        break;
      case 'wait':
        await new Promise((resolve) => setTimeout(resolve, s.ms)); // a gap the user leaves, not a sync
        break;
    }
    await checkStorage(profile, observer, seen);
  }
  // Idle: every command done, every answer ended and saved, every tab told of the others' writes.
  emulator.script({ tokens: TOKENS, tokenDelayMs: 2 });
  await Promise.all(profile.pending);
  const open = profile.tabs.filter((t): t is Tab => t !== null);
  await Promise.all(open.map((t) => t.brook.chat.settled()));
  await Promise.all(profile.pending);
  await checkStorage(profile, observer, seen);
  for (const t of open) {
    await vi.waitFor(
      async () => {
        const { active, activeSaved, messages } = get(t.brook.conversations);
        const branch = (await observer.listConversations()).find((c) => c.id === active.id)?.branch;
        const stored = activeSaved
          ? currentPath(storedTree(await observer.listMessages(active.id)), branch)
          : [];
        expect(messages).toEqual(stored);
      },
      { timeout: 3000, interval: 20 },
    );
  }
}

describe('the conversation store under random use', () => {
  it(`keeps its invariants over ${RUNS} random sequences (two tabs, reloads, failures, 0–50 ms gaps)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 6, maxLength: 24 }), async (steps) => {
        emulator.script({ tokens: TOKENS, tokenDelayMs: 2 });
        const profile = new Profile(emulator.url);
        try {
          await run(profile, steps);
        } finally {
          profile.close();
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: false },
    );
  }, 180_000);
});
