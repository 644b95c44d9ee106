/** The shape of the parts the bench specs write (only what the report reads). */
import type { Summary } from '../lib/stats';

export interface EnvironmentPart {
  startedAt: string;
  machine: {
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    os: string;
    loadAverage1mAtStart: number;
    chromiumProcessesAtStart: number;
  };
  versions: Record<string, string>;
}

export interface TtftFigures {
  runs: number;
  toDomMs: Summary;
  toFrameMs: Summary;
  toPaintedMs: Summary;
}

export interface TtftPart {
  clock: { before: { offsetMs: number; roundTripMs: number } };
  frameWaitFloorMs?: Summary;
  providers: Record<string, TtftFigures>;
  /** The baseline: a plain fetch of the Ollama emulator, appended to a text node in a page. */
  rawFetchOllama?: TtftFigures;
  failures: string[];
}

export interface RenderingVariantPart {
  name: string;
  target: string;
  corpus?: string;
  tokens: number;
  pacing: { kind: string; tokensPerSecond?: number };
  runs: number;
  summary: Partial<Record<string, Summary>>;
  errors: string[];
}

export interface RenderingPart {
  naiveCapMs: number;
  firstSendMaxLoafMs?: Summary;
  load1m?: Summary;
  variants: RenderingVariantPart[];
}

export interface TransportSide {
  chunks: number;
  paths: Record<string, { chunksPerSecond: Summary; notes: string[] }>;
  ratios: Record<string, { providerVsRaw: number; clientVsRaw: number }>;
}

export interface TransportPart {
  chromiumWorker?: TransportSide;
  /** The HTTP servers' streams written one token per network write, read in the worker. */
  chromiumWorkerPerWrite?: TransportSide;
  node?: TransportSide;
}

export interface HeapFigures {
  usedHeapMiB: number;
  domNodes: number;
  rendererPssMiB?: number;
}

export interface MemoryPart {
  tokensStreamed: number;
  reopen?: { shownMs: number | null; maxLoafMs: number; maxLongtaskMs: number };
  /** Scrolling the reopened conversation from its end to its top, 400 px per frame. */
  scroll?: {
    steps: number;
    maxLoafMs: number;
    loafOver50: number;
    maxLongtaskMs: number;
    maxFrameMs: number;
    p99FrameMs: number;
  };
  empty: HeapFigures;
  afterConversation: HeapFigures;
  afterNewChat: HeapFigures;
}

export interface SizeGroup {
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
}

export interface LoadTimesSummary {
  runs: number;
  firstContentfulPaintMs: Summary;
  composerEnabledMs: Summary;
  interactiveMs: Summary;
}

export interface LoadPart {
  browserVersion: string;
  bundle: {
    firstPageJs: SizeGroup;
    firstPageCss: SizeGroup;
    worker: SizeGroup;
    lazyProviderChunks: Record<string, SizeGroup>;
  };
  coldLoad: {
    fullSpeed: LoadTimesSummary;
    cpu4xSlower: LoadTimesSummary;
    /** The first-paint floor: a static page (no script) of about the first screen, loaded the same way. */
    staticPageFirstPaintMs?: { fullSpeed: Summary; cpu4xSlower: Summary };
  };
}

export interface SearchPart {
  corpus: { conversations: number; messages: number; textMB: number; seedMs: number };
  coldFirstResultsMs: number;
  indexReadyMs: number;
  keystrokes: { typed: number; timed: number; firstResultsMs: Summary };
  perQuery: Record<string, Summary>;
  typing: { maxLoafMs: number; maxLongtaskMs: number; p99FrameMs: number; loafOver50: number };
  found: Record<string, number>;
}

export interface FrameFigures {
  maxLoafMs: Summary;
  maxLongtaskMs: Summary;
  p99FrameMs: Summary;
}

export interface AttachmentsPart {
  photo: {
    bytes: number;
    width: number;
    height: number;
    rounds: number;
    prepareMs: Summary;
    frames: FrameFigures;
  };
  pdf: {
    bytes: number;
    pages: number;
    rounds: number;
    coldMs: number;
    coldMaxLoafMs: number;
    prepareMs: Summary;
    frames: FrameFigures;
  };
  idle: { windowMs: number; maxLoafMs: number; p99FrameMs: number };
}

export interface RunawayPhase {
  maxLongtaskMs: Summary;
  maxLoafMs: Summary;
  maxFrameMs: Summary;
  ms: Summary;
}

export interface RunawayPart {
  length: number;
  shown: number;
  streamed: RunawayPhase;
  reopened: RunawayPhase;
}

export interface Parts {
  environment?: EnvironmentPart;
  load?: LoadPart;
  ttft?: TtftPart;
  rendering?: RenderingPart;
  /** Markdown, math and diagram answers at one rate and in a burst (same shape as rendering). */
  richAnswers?: RenderingPart;
  transport?: TransportPart;
  memory?: MemoryPart;
  search?: SearchPart;
  attachments?: AttachmentsPart;
  runaway?: RunawayPart;
}

/** One target of the issue, checked against this run. */
export interface TargetCheck {
  target: string;
  figure: string;
  value: number;
  limit: number;
  /** 'max': value must stay below the limit; 'at-most': at or below it; 'min': at or above it. */
  kind: 'max' | 'at-most' | 'min';
  pass: boolean;
  /** value / limit. */
  ratio: number;
}
