import { derived, get, writable, type Readable } from 'svelte/store';
import type { DiscoveredServer } from '../servers/discovery';
import { normalizeUrl, uniqueName } from '../servers/validate';
import type { ServerSaved, SettingsStore } from './settings-store';
import type { ChatTransport } from './transport';

export interface DiscoveryState {
  status: 'idle' | 'searching' | 'done';
  /** Servers found that are not in Settings yet (found ones, and ones CORS blocks, with the fix). */
  offers: DiscoveredServer[];
}

export interface DiscoveryStore extends Readable<DiscoveryState> {
  /** Looks on the documented ports now ("Find servers"). */
  find(): Promise<void>;
  /** Adds a found server to Settings under a name no other server has. */
  add(offer: DiscoveredServer): ServerSaved;
  /** The first start of a fresh install looks once, by itself. */
  firstStart(): Promise<void>;
}

const SEARCH_LIMIT_MS = 10_000;

/** One spelling per address, so a server typed as localhost is known at 127.0.0.1. */
function sameAddress(url: string): string {
  return normalizeUrl(url).replace('://localhost:', '://127.0.0.1:').toLowerCase();
}

export function createDiscoveryStore(
  transport: ChatTransport,
  settings: SettingsStore,
  pageOrigin: string,
): DiscoveryStore {
  const found = writable<{ status: DiscoveryState['status']; servers: DiscoveredServer[] }>({
    status: 'idle',
    servers: [],
  });
  const state = derived([found, settings], ([$found, $settings]) => {
    const known = new Set($settings.servers.map((s) => sameAddress(s.url)));
    return { status: $found.status, offers: $found.servers.filter((s) => !known.has(sameAddress(s.url))) };
  });

  async function find(): Promise<void> {
    if (get(found).status === 'searching') return;
    found.set({ status: 'searching', servers: get(found).servers });
    // The worker bounds the search itself; this bound holds even if the worker never answers.
    const servers = await transport.discover(pageOrigin, AbortSignal.timeout(SEARCH_LIMIT_MS));
    found.set({ status: 'done', servers });
  }

  return {
    subscribe: state.subscribe,
    find,
    add(offer) {
      return settings.addServer({
        kind: offer.kind,
        name: uniqueName(offer.name, get(settings).servers),
        url: offer.url,
        ...(offer.preset ? { preset: offer.preset } : {}),
      });
    },
    async firstStart() {
      if (get(settings).discoveryDone) return;
      settings.markDiscoveryDone();
      await find();
    },
  };
}
