/** The three emulators a benchmark talks to, started together and closed together. */
import {
  startLMStudioNativeEmulator,
  type LMStudioNativeEmulator,
} from '../../tests/emulators/lmstudio-native-emulator';
import { startLMStudioRestEmulator } from '../../tests/emulators/lmstudio-rest-emulator';
import { startOllamaEmulator } from '../../tests/emulators/ollama-emulator';
import type { HttpEmulatorHandle } from '../../tests/emulators/http-base';
import type { EmulatorHandle } from '../../tests/emulators/scenario';

export type ProviderId = 'ollama' | 'lmstudio-rest' | 'lmstudio-native';
export const PROVIDERS: readonly ProviderId[] = ['ollama', 'lmstudio-rest', 'lmstudio-native'];

export interface Emulators {
  ollama: HttpEmulatorHandle;
  'lmstudio-rest': HttpEmulatorHandle;
  'lmstudio-native': LMStudioNativeEmulator;
  /** Base URLs as the app's settings take them. */
  urls: Record<ProviderId, string>;
  get(id: ProviderId): EmulatorHandle;
  close(): Promise<void>;
}

export async function startEmulators(): Promise<Emulators> {
  const ollama = await startOllamaEmulator();
  const rest = await startLMStudioRestEmulator({ cors: true });
  const native = await startLMStudioNativeEmulator({ cors: true });
  const all = { ollama, 'lmstudio-rest': rest, 'lmstudio-native': native };
  return {
    ...all,
    urls: { ollama: ollama.url, 'lmstudio-rest': rest.url, 'lmstudio-native': native.url },
    get: (id) => all[id],
    close: async () => {
      await Promise.all([ollama.close(), rest.close(), native.close()]);
    },
  };
}
