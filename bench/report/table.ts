/** The benchmark table printed at the end of `npm run bench` (plain text, fixed-width columns). */
import { columns, num, spread, type Row } from './table-format';
import type { Summary } from '../lib/stats';
import type { Parts, RenderingPart, TargetCheck, TransportSide } from './report-types';
import { attachments, load, memory, runaway, search } from './table-resources';

function ttft(parts: Parts): string[] {
  const t = parts.ttft;
  if (!t) return ['(no figures)'];
  const rows = Object.entries(t.providers).map(([provider, p]): Row => [
    provider,
    String(p.runs),
    `${num(p.toDomMs.median, 2)} / ${num(p.toDomMs.p95, 2)}`,
    `${num(p.toFrameMs.median, 2)} / ${num(p.toFrameMs.p95, 2)}`,
    `${num(p.toPaintedMs.median, 2)} / ${num(p.toPaintedMs.p95, 2)}`,
    `${num(p.toFrameMs.min, 1)}–${num(p.toFrameMs.max, 1)}`,
  ]);
  const raw = t.rawFetchOllama;
  if (raw) {
    rows.push([
      '(raw fetch, Ollama)',
      String(raw.runs),
      `${num(raw.toDomMs.median, 2)} / ${num(raw.toDomMs.p95, 2)}`,
      `${num(raw.toFrameMs.median, 2)} / ${num(raw.toFrameMs.p95, 2)}`,
      `${num(raw.toPaintedMs.median, 2)} / ${num(raw.toPaintedMs.p95, 2)}`,
      `${num(raw.toFrameMs.min, 1)}–${num(raw.toFrameMs.max, 1)}`,
    ]);
    const ollama = t.providers.ollama;
    if (ollama)
      rows.push([
        '(Ollama: Brook − raw)',
        '',
        `${num(ollama.toDomMs.median - raw.toDomMs.median, 2)} / ${num(ollama.toDomMs.p95 - raw.toDomMs.p95, 2)}`,
        `${num(ollama.toFrameMs.median - raw.toFrameMs.median, 2)} / ${num(ollama.toFrameMs.p95 - raw.toFrameMs.p95, 2)}`,
        '',
        '',
      ]);
  }
  const floor = t.frameWaitFloorMs;
  if (floor) {
    const wait = `${num(floor.median, 2)} / ${num(floor.p95, 2)}`;
    rows.push([
      '(frame-wait floor)',
      String(floor.n),
      '',
      wait,
      '',
      `${num(floor.min, 1)}–${num(floor.max, 1)}`,
    ]);
  }
  return [
    ...columns(
      ['provider', 'runs', 'to DOM med/p95', 'to next frame med/p95', 'painted med/p95', 'frame min–max'],
      rows,
    ),
    `clock offset page−Node ${num(t.clock.before.offsetMs, 2)} ms (round trip ${num(t.clock.before.roundTripMs, 2)} ms)` +
      (t.failures.length ? `; ${t.failures.length} runs failed` : ''),
  ];
}

/** A share (0..1) as a percentage. */
function percent(share: Summary | undefined): Summary | undefined {
  return share && { ...share, median: share.median * 100, min: share.min * 100, max: share.max * 100 };
}

const RENDERING_COLUMNS = [
  'variant (median of runs, min–max)',
  'tokens shown',
  'tok/s shown',
  'end lag ms',
  'longest LoAF ms',
  'at handover',
  'max longtask ms',
  'p99 frame ms',
  'longest gap ms',
  'gaps>25ms %',
  'busy ms/1k tok',
  'main thread %',
];

/** Sections 2 and 8 share one table; section 8 adds when the last diagram was drawn. */
function renderingTable(r: RenderingPart | undefined, withDiagrams: boolean): string[] {
  if (!r) return ['(no figures)'];
  const rows = r.variants.map((v): Row => {
    const s = v.summary;
    const row: Row = [
      v.name,
      `${num(s.tokensShown?.median, 0)}/${num(s.tokens?.median, 0)}`,
      spread(s.renderedTokPerS, 0),
      spread(s.endLagMs, 0),
      spread(s.maxLoafMs, 0),
      spread(s.handoverMaxLoafMs, 0),
      spread(s.maxLongtaskMs, 0),
      spread(s.p99FrameMs, 1),
      spread(s.maxFrameMs, 1),
      spread(percent(s.shareOver25), 1),
      spread(s.busyMsPer1kTokens, 0),
      spread(percent(s.busyShare), 1),
    ];
    if (withDiagrams) row.push(s.diagramsDrawnMs?.n ? spread(s.diagramsDrawnMs, 0) : '');
    return row;
  });
  const table = columns(
    withDiagrams ? [...RENDERING_COLUMNS, 'diagrams drawn +ms'] : RENDERING_COLUMNS,
    rows,
  );
  const errors = r.variants.flatMap((v) => v.errors.map((e) => `${v.name}: ${e}`));
  return [
    ...table,
    'LoAF: a long animation frame, which the browser reports only from 50 ms (0: none); gap: between two frames (rAF);',
    'main thread %: main-thread task time ÷ wall time over the run (the idle rows: the same traffic, nothing drawn)',
    `first send in a fresh page (cold code), longest frame ms: ${spread(r.firstSendMaxLoafMs, 0)}; ` +
      `load average during the runs: ${spread(r.load1m, 1)} (2 cores)`,
    ...(errors.length ? [`failed runs: ${errors.join('; ')}`] : []),
  ];
}

function transportRows(side: TransportSide | undefined, label: string): Row[] {
  if (!side) return [];
  return Object.entries(side.ratios).map(([server, ratio]): Row => {
    const rate = (kind: string) => side.paths[`${server}:${kind}`]?.chunksPerSecond;
    return [
      `${label} ${server}`,
      spread(rate('raw'), 0),
      `${spread(rate('provider'), 0)}  ×${num(ratio.providerVsRaw, 2)}`,
      `${spread(rate('client'), 0)}  ×${num(ratio.clientVsRaw, 2)}`,
    ];
  });
}

function transport(parts: Parts): string[] {
  const t = parts.transport;
  if (!t) return ['(no figures)'];
  const rows = [
    ...transportRows(t.chromiumWorker, 'worker'),
    ...transportRows(t.chromiumWorkerPerWrite, 'worker, a write per token:'),
    ...transportRows(t.node, 'node'),
  ];
  const capped = Object.entries({ ...t.chromiumWorker?.paths })
    .filter(([, p]) => p.notes.length > 0)
    .map(([path, p]) => `${path}: ${p.notes[0]}`);
  return [
    ...columns(
      ['chunks/s (median, min–max)', 'raw reader', 'Brook provider  × raw', 'official client  × raw'],
      rows,
    ),
    ...(capped.length ? [`worker notes: ${capped.join('; ')}`] : []),
  ];
}

function targets(checks: TargetCheck[]): string[] {
  const rows = checks.map((c): Row => [
    c.target,
    c.figure,
    num(c.value, 2),
    `${{ max: '<', 'at-most': '≤', min: '≥' }[c.kind]} ${c.limit}`,
    c.pass ? 'pass' : 'MISS',
    `×${num(c.ratio, 2)}`,
  ]);
  return columns(['target', 'figure', 'value', 'limit', 'result', 'value÷limit'], rows);
}

export function formatTable(parts: Parts, checks: TargetCheck[], quick: boolean): string {
  const env = parts.environment;
  const m = env?.machine;
  const v = env?.versions ?? {};
  const head = [
    `Brook benchmarks, ${env?.startedAt ?? ''}${quick ? '  (QUICK RUN: smoke figures, not for publishing)' : ''}`,
    m
      ? `${m.cpuModel} × ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; load ${m.loadAverage1mAtStart} at start`
      : '',
    `node ${v.node}, ${v.chromium}, vite ${v.vite}, svelte ${v.svelte}, ollama ${v.ollama}, openai ${v.openai}, @lmstudio/sdk ${v['@lmstudio/sdk']}`,
  ];
  // Empty lines stay empty (no trailing spaces), as prettier keeps them in bench/README.md.
  const section = (title: string, lines: string[]) => ['', title, ...lines.map((l) => (l ? `  ${l}` : ''))];
  return [
    ...head,
    ...section('1. Client-added time to first token (ms)', ttft(parts)),
    ...section('2. Sustained rendering of a long markdown answer', renderingTable(parts.rendering, false)),
    ...section('3. Transport, chunks per second', transport(parts)),
    ...section('4. Memory', memory(parts)),
    ...section('5. Load', load(parts)),
    ...section('6. Search', search(parts)),
    ...section('7. Attachments', attachments(parts)),
    ...section('8. Math and diagrams beside markdown', renderingTable(parts.richAnswers, true)),
    ...section('9. A runaway answer', runaway(parts)),
    ...section('Targets', targets(checks)),
  ].join('\n');
}
