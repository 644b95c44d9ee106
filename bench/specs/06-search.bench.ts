/**
 * Search: a database of 1,000 conversations / 100,000 messages / ~50 MB of text (a quick run:
 * 100 / 10,000 / ~5 MB), written into the built app's IndexedDB, then Ctrl+K and queries typed
 * one key at a time at a fast typist's pace. Per keystroke: from the input event to its results
 * in the DOM (a keystroke typed over before its results came is counted, not timed); the worker's
 * own scan time beside it (the floor); the build of the index when search first opens; and the
 * longest animation frame while typing.
 */
import { expect, test, type Page } from '@playwright/test';
import { startOllamaEmulator } from '../../tests/emulators/ollama-emulator';
import { openAppPage } from '../lib/app';
import { writePart } from '../lib/parts';
import { probe } from '../lib/page-probe';
import { BENCH } from '../lib/settings';
import { summarize } from '../lib/stats';

/** Runs in the page: writes the conversations straight into Brook's database (records as stored since schema 3). */
async function seed(spec: { conversations: number; perConversation: number; chars: number }) {
  let state = 12345;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const syllables = [
    'ka',
    'lo',
    'mi',
    're',
    'su',
    'ta',
    'ne',
    'vo',
    'di',
    'pa',
    'shi',
    'gu',
    'ber',
    'lin',
    'tor',
  ];
  const words = Array.from({ length: 3000 }, () => {
    let w = '';
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--)
      w += syllables[Math.floor(random() * syllables.length)];
    return w;
  });
  const text = (chars: number) => {
    let out = '';
    while (out.length < chars) {
      out += words[Math.floor(random() * words.length)] + (random() < 0.08 ? '.\n' : ' ');
    }
    return out;
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('brook');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  let total = 0;
  const started = performance.now();
  for (let c = 0; c < spec.conversations; c++) {
    const id = `bench-c${c}`;
    const at = Date.UTC(2026, 0, 1) + c * 60_000;
    const tx = db.transaction(['conversations', 'messages'], 'readwrite');
    tx.objectStore('conversations').put({
      id,
      title: `Bench chat ${c}: ${text(30).trim()}`,
      createdAt: at,
      updatedAt: at,
      server: 'ollama',
      settings: { systemPrompt: '' },
    });
    let parent: string | null = null;
    for (let m = 0; m < spec.perConversation; m++) {
      const mid = `${id}-m${m}`;
      let content = text(spec.chars * (0.5 + random()));
      if (c === Math.floor(spec.conversations / 3) && m === 40) content += ' quetzalcoatl';
      total += content.length;
      tx.objectStore('messages').put({
        id: mid,
        conversationId: id,
        seq: m,
        parentId: parent,
        role: m % 2 ? 'assistant' : 'user',
        ...(m % 2 ? { replyTo: parent } : {}),
        content,
        createdAt: at + m,
        updatedAt: at + m,
        status: 'complete',
      });
      // An earlier version of one answer, on an old branch, holds the word searched for.
      if (c === Math.floor(spec.conversations / 2) && m === 21) {
        tx.objectStore('messages').put({
          id: `${mid}-old`,
          conversationId: id,
          seq: m,
          parentId: parent,
          replyTo: parent,
          role: 'assistant',
          content: `${text(200)} zeppelin ${text(200)}`,
          createdAt: at + m - 0.5,
          updatedAt: at + m,
          status: 'complete',
        });
      }
      parent = mid;
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
  db.close();
  return { chars: total, ms: performance.now() - started };
}

/** Runs in the page: times each keystroke of the search box from input to its results in the DOM. */
function watchKeystrokes(): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
  const list = document.querySelector<HTMLElement>('[data-testid="search-results"]')!;
  const pending = new Map<string, number>();
  const out = { typed: 0, timed: [] as { label: string; query: string; ms: number }[] };
  const w = window as unknown as { __keys: typeof out; __typing?: string };
  w.__keys = out;
  const fold = (q: string) => q.replace(/\s+/g, ' ').trim().toLowerCase();
  input.addEventListener('input', () => {
    if (!fold(input.value)) return; // clearing the box between queries
    out.typed++;
    pending.set(fold(input.value), performance.now());
  });
  new MutationObserver(() => {
    const query = list.dataset.query ?? '';
    const at = pending.get(query);
    if (at === undefined) return;
    pending.delete(query);
    out.timed.push({ label: w.__typing ?? '', query, ms: performance.now() - at });
  }).observe(list, { attributes: true, childList: true, subtree: true });
}

async function typeQuery(page: Page, query: string): Promise<void> {
  const input = page.getByTestId('search-input');
  await page.evaluate((label) => ((window as unknown as { __typing?: string }).__typing = label), query);
  await input.fill('');
  await input.pressSequentially(query, { delay: 70 });
  await expect(page.getByTestId('search-results')).toHaveAttribute('data-query', query.toLowerCase(), {
    timeout: 30_000,
  });
}

test('search: first results while typing, over 1,000 conversations / 100,000 messages', async ({
  browser,
}) => {
  test.setTimeout(10 * 60_000);
  const spec = BENCH.quick
    ? { conversations: 100, perConversation: 100, chars: 500 }
    : { conversations: 1000, perConversation: 100, chars: 500 };
  const ollama = await startOllamaEmulator();
  const app = await openAppPage(browser, { ollama: ollama.url });
  try {
    const { page } = app;
    const seeded = await page.evaluate(seed, spec);
    await page.reload();
    await expect(page.getByTestId('conversation-item').first()).toBeVisible({ timeout: 60_000 });

    // Cold: search opens, the worker reads the whole database; a query typed at once.
    const opened = Date.now();
    await page.keyboard.press('Control+k');
    await page.getByTestId('search-input').fill('zeppelin');
    await expect(page.getByTestId('search-hit').first()).toBeVisible({ timeout: 60_000 });
    const coldFirstResultsMs = Date.now() - opened;
    await expect(page.getByTestId('search-results')).toHaveAttribute('data-ready', 'true', {
      timeout: 120_000,
    });
    const indexReadyMs = Date.now() - opened;

    // Warm: queries typed key by key while frames are recorded.
    await page.evaluate(watchKeystrokes);
    const queries = ['zeppelin', 'quetzalcoatl', 'kalo', 'nothing like this', '(.*) [x]?'];
    await probe.startFrames(page);
    for (const query of queries) await typeQuery(page, query);
    const frames = await probe.stopFrames(page);
    const keys = await page.evaluate(
      () =>
        (
          window as unknown as {
            __keys: { typed: number; timed: { label: string; query: string; ms: number }[] };
          }
        ).__keys,
    );
    const hitsFor = async (query: string) => {
      await typeQuery(page, query);
      return page.getByTestId('search-hit').count();
    };
    const found = { zeppelin: await hitsFor('zeppelin'), quetzalcoatl: await hitsFor('quetzalcoatl') };

    writePart('search', {
      corpus: {
        conversations: spec.conversations,
        messages: spec.conversations * spec.perConversation + 1,
        textMB: Math.round((seeded.chars / 1e6) * 10) / 10,
        seedMs: Math.round(seeded.ms),
      },
      coldFirstResultsMs,
      indexReadyMs,
      keystrokes: {
        typed: keys.typed,
        timed: keys.timed.length,
        firstResultsMs: summarize(keys.timed.map((k) => k.ms)),
      },
      perQuery: Object.fromEntries(
        queries.map((q) => [q, summarize(keys.timed.filter((k) => k.label === q).map((k) => k.ms))]),
      ),
      typing: {
        maxLoafMs: frames.maxLoafMs,
        maxLongtaskMs: frames.maxLongtaskMs,
        p99FrameMs: frames.p99FrameMs,
        loafOver50: frames.loafOver50,
      },
      found,
    });
  } finally {
    await app.close();
    await ollama.close();
  }
});
