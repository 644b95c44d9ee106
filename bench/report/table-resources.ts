/** The memory, load, search, attachments and runaway-answer sections of the benchmark table. */
import type { RunawayPart, AttachmentsPart, HeapFigures, Parts } from './report-types';
import { columns, kb, num, spread, type Row } from './table-format';

export function memory(parts: Parts): string[] {
  const m = parts.memory;
  if (!m) return ['(no figures)'];
  const row = (label: string, h: HeapFigures): Row => [
    label,
    num(h.usedHeapMiB, 2),
    String(h.domNodes),
    num(h.rendererPssMiB, 1),
  ];
  const reopen = m.reopen
    ? [
        `opening that conversation again from the sidebar: last answer on screen after ${num(m.reopen.shownMs ?? undefined, 0)} ms, ` +
          `longest frame ${num(m.reopen.maxLoafMs, 0)} ms (longtask ${num(m.reopen.maxLongtaskMs, 0)} ms)`,
      ]
    : [];
  const table = columns(
    ['after a forced GC', 'JS heap MiB', 'DOM nodes', 'renderer process PSS MiB'],
    [
      row('empty chat (after a warm-up answer)', m.empty),
      row(`after ${m.tokensStreamed.toLocaleString('en-US')} tokens`, m.afterConversation),
      row('after leaving it for a new chat', m.afterNewChat),
    ],
  );
  const scroll = m.scroll
    ? [
        `scrolling it from its end to its top, 400 px a frame (${m.scroll.steps} frames): ${m.scroll.loafOver50} frames over 50 ms, ` +
          `longest ${num(m.scroll.maxLoafMs, 0)} ms (longtask ${num(m.scroll.maxLongtaskMs, 0)} ms, gap ${num(m.scroll.maxFrameMs, 0)} ms), p99 gap ${num(m.scroll.p99FrameMs, 1)} ms`,
      ]
    : [];
  return [...table, ...reopen, ...scroll];
}

export function load(parts: Parts): string[] {
  const l = parts.load;
  if (!l) return ['(no figures)'];
  const b = l.bundle;
  const sizes: Row[] = [
    ['first page JS', kb(b.firstPageJs.bytes), kb(b.firstPageJs.gzipBytes)],
    ['first page CSS', kb(b.firstPageCss.bytes), kb(b.firstPageCss.gzipBytes)],
    ['chat worker', kb(b.worker.bytes), kb(b.worker.gzipBytes)],
    ...Object.entries(b.lazyProviderChunks).map(([name, g]): Row => [
      `lazy: ${name}`,
      kb(g.bytes),
      kb(g.gzipBytes),
    ]),
  ];
  const c = l.coldLoad;
  const times: Row[] = [
    [
      'full speed',
      spread(c.fullSpeed.firstContentfulPaintMs, 0),
      spread(c.staticPageFirstPaintMs?.fullSpeed, 0),
      spread(c.fullSpeed.composerEnabledMs, 0),
      spread(c.fullSpeed.interactiveMs, 0),
    ],
    [
      'CPU 4× slower',
      spread(c.cpu4xSlower.firstContentfulPaintMs, 0),
      spread(c.staticPageFirstPaintMs?.cpu4xSlower, 0),
      spread(c.cpu4xSlower.composerEnabledMs, 0),
      spread(c.cpu4xSlower.interactiveMs, 0),
    ],
  ];
  return [
    ...columns(['bundle', 'KB', 'KB gzip'], sizes),
    '',
    ...columns(
      [
        `cold load, ms (median of ${c.fullSpeed.runs})`,
        'first paint',
        'static page',
        'composer enabled',
        'interactive (model chosen)',
      ],
      times,
    ),
  ];
}

export function search(parts: Parts): string[] {
  const s = parts.search;
  if (!s) return ['(no figures)'];
  const k = s.keystrokes.firstResultsMs;
  const rows = Object.entries(s.perQuery).map(([query, q]): Row => [
    `“${query}”`,
    String(q.n),
    num(q.median, 1),
    num(q.max, 1),
  ]);
  return [
    `${s.corpus.conversations} conversations, ${s.corpus.messages} messages, ${s.corpus.textMB} MB of text`,
    `first results per keystroke, input -> DOM: median ${num(k.median, 1)} ms, p95 ${num(k.p95, 1)}, worst ${num(k.max, 1)} ` +
      `(${s.keystrokes.timed} of ${s.keystrokes.typed} keys timed, the rest typed over)`,
    ...columns(['query (typed key by key)', 'keys', 'median ms', 'worst ms'], rows),
    `cold (search first opened, index built in the worker): first results ${num(s.coldFirstResultsMs, 0)} ms, ` +
      `whole index ${num(s.indexReadyMs, 0)} ms`,
    `while typing: longest animation frame ${num(s.typing.maxLoafMs, 0)} ms, longest task ${num(s.typing.maxLongtaskMs, 0)} ms, ` +
      `p99 frame ${num(s.typing.p99FrameMs, 1)} ms`,
  ];
}

export function attachments(parts: Parts): string[] {
  const a = parts.attachments;
  if (!a) return ['(no figures)'];
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  type Prepared = AttachmentsPart['photo'] | AttachmentsPart['pdf'];
  const row = (label: string, p: Prepared): Row => [
    label,
    String(p.rounds),
    num(p.prepareMs.median, 0),
    num(p.prepareMs.max, 0),
    num(p.frames.maxLoafMs.median, 0),
    num(p.frames.maxLoafMs.max, 0),
    num(p.frames.p99FrameMs.max, 1),
  ];
  const rows = [
    row(`photo ${a.photo.width}×${a.photo.height} JPEG, ${mb(a.photo.bytes)} MB -> 2048 px`, a.photo),
    row(`PDF ${a.pdf.pages} pages, ${mb(a.pdf.bytes)} MB (pdf.js loaded)`, a.pdf),
  ];
  return [
    'pasted into the composer; prepared in the attachments worker; paste -> shown ready',
    ...columns(
      ['file', 'runs', 'median ms', 'worst ms', 'longest frame median', 'worst', 'p99 frame worst'],
      rows,
    ),
    '(a longest frame of 0: no animation frame took 50 ms or more, the shortest the browser reports)',
    `first PDF (loads pdf.js into the worker): ${num(a.pdf.coldMs, 0)} ms, longest frame ${num(a.pdf.coldMaxLoafMs, 0)} ms`,
    `baseline, the page idle for ${num(a.idle.windowMs, 0)} ms: longest frame ${num(a.idle.maxLoafMs, 0)} ms, p99 frame ${num(a.idle.p99FrameMs, 1)} ms`,
  ];
}

export function runaway(parts: Parts): string[] {
  const r = parts.runaway;
  if (!r) return ['(no figures)'];
  const row = (label: string, p: RunawayPart['streamed']): Row => [
    label,
    String(p.ms.n),
    `${num(p.maxLongtaskMs.median, 0)} / ${num(p.maxLongtaskMs.max, 0)}`,
    `${num(p.maxLoafMs.median, 0)} / ${num(p.maxLoafMs.max, 0)}`,
    `${num(p.maxFrameMs.median, 0)} / ${num(p.maxFrameMs.max, 0)}`,
    num(p.ms.median, 0),
  ];
  return [
    `one token of ${r.length.toLocaleString('en')} characters, no spaces or newlines; the page draws the first ${r.shown.toLocaleString('en')}`,
    ...columns(
      [
        'phase',
        'runs',
        'longest task med/worst',
        'longest LoAF med/worst',
        'longest gap med/worst',
        'until drawn ms',
      ],
      [row('streamed (send -> drawn)', r.streamed), row('reopened at start-up', r.reopened)],
    ),
  ];
}
