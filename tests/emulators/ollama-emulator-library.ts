/**
 * What an emulated Ollama can change about its models: the models it has (a pull adds one, a
 * delete removes it), which are in memory and until when (`keep_alive`), the bytes of each
 * download that stopped (a pull again continues from them, as Ollama keeps partial blobs), and
 * every `keep_alive` a request carried, for tests to inspect.
 */
import { findModel, withDefaultTag, type OllamaModelEntry } from './ollama-emulator-models';

/** How the next pulls go. Steps are progress lines per layer. */
export interface OllamaPullScript {
  /** Progress lines per layer (default 4). */
  steps?: number;
  /** Pause between progress lines (default 0). */
  stepDelayMs?: number;
  /** After this many progress lines in all, an `{"error":…}` line (default message: a full disk). */
  failAfterSteps?: number;
  failMessage?: string;
  /** After this many progress lines, one line that is not JSON (then the pull goes on). */
  malformedAfterSteps?: number;
  /** After this many progress lines, destroy the connection. */
  dropAfterSteps?: number;
  /** After this many progress lines, write nothing more and keep the connection open. */
  holdAfterSteps?: number;
}

/** A model a pull can fetch: its entry once pulled and its layers' sizes. */
export interface RegistryModel {
  entry: OllamaModelEntry;
  layers: { digest: string; size: number }[];
}

/** A pull as the emulator saw it start: which model and how many bytes it already had. */
export interface PullStart {
  model: string;
  resumedBytes: number;
}

const FIVE_MINUTES_MS = 5 * 60_000;

function layersOf(name: string, size: number): RegistryModel['layers'] {
  let hash = 7;
  for (const char of name) hash = (hash * 33 + char.charCodeAt(0)) >>> 0;
  const digest = (salt: number) => `sha256:${((hash + salt) >>> 0).toString(16).padStart(8, '0').repeat(8)}`;
  // A model's weights, then its template, license and parameters (small layers, as Ollama's are).
  return [
    { digest: digest(1), size: size - 1_600 },
    { digest: digest(2), size: 1_200 },
    { digest: digest(3), size: 300 },
    { digest: digest(4), size: 100 },
  ];
}

function registryModel(entry: OllamaModelEntry): RegistryModel {
  return { entry, layers: layersOf(entry.name, entry.sizeBytes) };
}

/** What the emulated registry (ollama.com) has beyond the models installed at start. */
export const DEFAULT_REGISTRY: OllamaModelEntry[] = [
  {
    name: 'gemma3:1b',
    family: 'gemma3',
    parameterSize: '999.89M',
    quantization: 'Q4_K_M',
    sizeBytes: 815_319_791,
    capabilities: ['completion'],
    contextLength: 32768,
  },
  {
    name: 'smollm2:135m',
    family: 'llama',
    parameterSize: '134.52M',
    quantization: 'F16',
    sizeBytes: 270_898_672,
    capabilities: ['completion', 'tools'],
    contextLength: 8192,
  },
];

export class OllamaLibrary {
  readonly installed: OllamaModelEntry[];
  /** In memory now: name → when it unloads (ms since the epoch; Infinity: never). */
  readonly loaded = new Map<string, number>();
  /** Every `keep_alive` a request sent (undefined when it sent none), oldest first. */
  readonly keepAlives: { path: string; model: string; keepAlive: unknown }[] = [];
  readonly pullStarts: PullStart[] = [];
  pullScript: OllamaPullScript = {};
  /** Bytes downloaded so far of layers whose pull stopped: digest → bytes. */
  private readonly partial = new Map<string, number>();
  private readonly registry: RegistryModel[];

  constructor(
    installed: readonly OllamaModelEntry[],
    loaded: readonly string[],
    registry: readonly OllamaModelEntry[],
  ) {
    this.installed = [...installed];
    for (const name of loaded) this.loaded.set(name, Date.now() + FIVE_MINUTES_MS);
    this.registry = [...installed, ...registry].map(registryModel);
  }

  find(name: string): OllamaModelEntry | undefined {
    return findModel(this.installed, name);
  }

  inRegistry(name: string): RegistryModel | undefined {
    const full = withDefaultTag(name);
    return this.registry.find((model) => model.entry.name === full);
  }

  partialBytes(digest: string): number {
    return this.partial.get(digest) ?? 0;
  }

  setPartial(digest: string, bytes: number): void {
    this.partial.set(digest, bytes);
  }

  /** A finished pull: the model is installed (once) and its partial blobs are whole. */
  finishPull(model: RegistryModel): void {
    for (const layer of model.layers) this.partial.delete(layer.digest);
    if (!this.find(model.entry.name)) this.installed.push(model.entry);
  }

  remove(name: string): boolean {
    const model = this.find(name);
    if (!model) return false;
    this.installed.splice(this.installed.indexOf(model), 1);
    this.loaded.delete(model.name);
    return true;
  }

  /** A request used `name` with this keep_alive: Ollama loads it and keeps it that long (0 unloads). */
  use(path: string, name: string, keepAlive: unknown): void {
    const model = this.find(name);
    this.keepAlives.push({ path, model: model?.name ?? name, keepAlive });
    if (!model) return;
    const ms = keepAliveMs(keepAlive);
    if (ms === 0) this.loaded.delete(model.name);
    else this.loaded.set(model.name, ms < 0 ? Number.POSITIVE_INFINITY : Date.now() + ms);
  }

  /** The loaded models with their expiry, for /api/ps. */
  inMemory(): { model: OllamaModelEntry; expiresAt: number }[] {
    return this.installed.flatMap((model) => {
      const expiresAt = this.loaded.get(model.name);
      return expiresAt === undefined ? [] : [{ model, expiresAt }];
    });
  }
}

/** Ollama's keep_alive: a number of seconds or a Go duration ("5m", "1h30m", "-1"); default 5 min. */
export function keepAliveMs(value: unknown): number {
  if (value === undefined || value === null || value === '') return FIVE_MINUTES_MS;
  if (typeof value === 'number') return value < 0 ? -1 : value * 1000;
  if (typeof value !== 'string') return FIVE_MINUTES_MS;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value) < 0 ? -1 : Number(value) * 1000;
  if (value.startsWith('-')) return -1;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(amount) * (units[unit ?? 's'] ?? 1000);
  return total;
}
