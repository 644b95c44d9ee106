/**
 * "Servers found, not typed": asks the documented ports of 127.0.0.1 (no other host), the whole
 * search bounded in time, and says what each server is. A server that answers but whose CORS
 * blocks this page is offered with the exact setting to change; telling it from an empty port
 * takes the no-cors probe, the one request a browser lets follow a redirect (it carries nothing).
 */
import { isJsonObject } from '../vocabulary/json';
import { corsBlockedText } from '../providers/http/http-error-text';
import type { ServerKind } from './kinds';
import { KINDS } from './kinds';
import { PRESETS, type PresetId } from './presets';

export interface DiscoveryCandidate {
  port: number;
  /** What usually listens there. */
  kind: ServerKind;
  preset?: PresetId;
}

/** The documented default ports (LocalAI shares 8080 with llama.cpp; told apart by its reply). */
export const DISCOVERY_CANDIDATES: readonly DiscoveryCandidate[] = [
  { port: 11434, kind: 'ollama' },
  { port: 1234, kind: 'lmstudio-rest' },
  { port: 8080, kind: 'openai-compatible', preset: 'llama-cpp' },
  { port: 8000, kind: 'openai-compatible', preset: 'vllm' },
  { port: 1337, kind: 'openai-compatible', preset: 'jan' },
  { port: 5001, kind: 'openai-compatible', preset: 'koboldcpp' },
  { port: 5000, kind: 'openai-compatible', preset: 'text-generation-webui' },
];

export type DiscoveredServer =
  | { status: 'found'; kind: ServerKind; preset?: PresetId; name: string; url: string; models: number }
  /** It answered, but its CORS setting blocks this page: `fix` says what to change. */
  | { status: 'blocked'; kind: ServerKind; preset?: PresetId; name: string; url: string; fix: string };

export interface DiscoveryDeps {
  fetch: typeof fetch;
  /** Resolves true when something answered at all (a `no-cors` request), see http-connection.ts. */
  probe(url: string, signal: AbortSignal): Promise<boolean>;
  pageOrigin: string;
  /** For tests: other ports (and hosts stay 127.0.0.1). */
  candidates?: readonly DiscoveryCandidate[];
  timeoutMs?: number;
}

const HOST = 'http://127.0.0.1';

/** What the OpenAI-compatible `/v1/models` says of its server (`owned_by`), where it says. */
const OWNED_BY: Record<string, PresetId> = { llamacpp: 'llama-cpp', vllm: 'vllm', koboldcpp: 'koboldcpp' };

export async function discoverServers(deps: DiscoveryDeps, signal: AbortSignal): Promise<DiscoveredServer[]> {
  const candidates = deps.candidates ?? DISCOVERY_CANDIDATES;
  const bounded = AbortSignal.any([signal, AbortSignal.timeout(deps.timeoutMs ?? 2500)]);
  const results = await Promise.all(candidates.map((candidate) => look(deps, candidate, bounded)));
  return results.filter((r): r is DiscoveredServer => r !== undefined);
}

async function look(
  deps: DiscoveryDeps,
  candidate: DiscoveryCandidate,
  signal: AbortSignal,
): Promise<DiscoveredServer | undefined> {
  const origin = `${HOST}:${candidate.port}`;
  const getJson = async (path: string): Promise<unknown> => {
    const response = await deps.fetch(origin + path, { signal, credentials: 'omit', cache: 'no-store' });
    if (!response.ok) return undefined;
    try {
      return (await response.json()) as unknown;
    } catch {
      return undefined;
    }
  };
  try {
    if (candidate.kind === 'ollama') {
      const version = await getJson('/api/version');
      if (!isJsonObject(version) || typeof version['version'] !== 'string') return undefined;
      const tags = await getJson('/api/tags');
      const models = isJsonObject(tags) && Array.isArray(tags['models']) ? tags['models'].length : 0;
      return found('ollama', undefined, origin, models);
    }
    if (candidate.kind === 'lmstudio-rest') {
      // LM Studio's own REST API: what tells it from other OpenAI-compatible servers.
      const native = await getJson('/api/v0/models');
      if (isJsonObject(native) && Array.isArray(native['data']))
        return found('lmstudio-rest', undefined, `${origin}/v1`, native['data'].length);
    }
    const list = await getJson('/v1/models');
    if (!isJsonObject(list) || !Array.isArray(list['data'])) return undefined;
    const first: unknown = list['data'][0];
    const owner = isJsonObject(first) && typeof first['owned_by'] === 'string' ? first['owned_by'] : '';
    // On 8080 a server that does not say "llamacpp" is LocalAI (llama-server always does).
    const named = Object.hasOwn(OWNED_BY, owner) ? OWNED_BY[owner] : undefined;
    const preset = named ?? (candidate.preset === 'llama-cpp' ? 'localai' : candidate.preset);
    return found('openai-compatible', preset, `${origin}/v1`, list['data'].length);
  } catch (error) {
    if (signal.aborted || !(error instanceof TypeError)) return undefined;
    // Nothing readable came back: either nothing listens, or CORS hides the answer.
    if (!(await deps.probe(origin, signal))) return undefined;
    return blocked(candidate, origin, deps.pageOrigin);
  }
}

function found(
  kind: ServerKind,
  preset: PresetId | undefined,
  url: string,
  models: number,
): DiscoveredServer {
  return { status: 'found', kind, ...(preset ? { preset } : {}), name: nameOf(kind, preset), url, models };
}

function blocked(candidate: DiscoveryCandidate, origin: string, pageOrigin: string): DiscoveredServer {
  const { kind, preset } = candidate;
  const url = KINDS[kind].needsV1 ? `${origin}/v1` : origin;
  // The SDK's server is LM Studio's, behind the same CORS switch.
  const provider = kind === 'lmstudio-native' ? 'lmstudio-rest' : kind;
  const fix = corsBlockedText({ provider, ...(preset ? { preset } : {}) }, url, pageOrigin).hint;
  return { status: 'blocked', kind, ...(preset ? { preset } : {}), name: nameOf(kind, preset), url, fix };
}

function nameOf(kind: ServerKind, preset: PresetId | undefined): string {
  return preset ? PRESETS[preset].name : KINDS[kind].shortLabel;
}
