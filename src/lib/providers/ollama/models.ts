/**
 * What Ollama says of its models, for the picker: `/api/tags` (size, family, quantization),
 * `/api/ps` (loaded now, with the context it was loaded with) and `/api/show` (capabilities, `model_info["<arch>.context_length"]`).
 * Details are extras: a server that fails them still lists its models. `/api/show` is asked once
 * per model version (its digest), since the list is re-read after every answer.
 */
import type { Ollama, ShowResponse } from 'ollama/browser';
import type { ModelCapability, ModelInfo } from '../../vocabulary/chat';

interface ShownDetails {
  contextLength?: number;
  capabilities?: ModelCapability[];
}

const CAPABILITIES: Record<string, ModelCapability> = {
  vision: 'vision',
  tools: 'tools',
  thinking: 'thinking',
};
/** Asked at once, at most (a long model list is read in a few rounds). */
const SHOW_AT_ONCE = 4;

export class OllamaModelDetails {
  private readonly shown = new Map<string, ShownDetails>();

  async list(client: Ollama): Promise<ModelInfo[] | undefined> {
    const { models } = await client.list();
    if (!Array.isArray(models)) return undefined;
    const [loaded] = await Promise.all([loadedContexts(client), this.showAll(client, models)]);
    return models.map((model): ModelInfo => {
      const shown = this.shown.get(model.digest) ?? {};
      const info: ModelInfo = {
        id: model.model || model.name,
        name: model.name,
        sizeBytes: model.size,
        family: model.details?.family,
        parameterSize: model.details?.parameter_size,
        quantization: model.details?.quantization_level,
        ...shown,
      };
      if (loaded) {
        const id = model.model || model.name;
        info.loaded = loaded.has(id);
        const context = loaded.get(id);
        if (context) info.loadedContextLength = context;
      }
      return info;
    });
  }

  private async showAll(
    client: Ollama,
    models: { digest: string; model: string; name: string }[],
  ): Promise<void> {
    const todo = models.filter((m) => m.digest && !this.shown.has(m.digest));
    for (let i = 0; i < todo.length; i += SHOW_AT_ONCE) {
      await Promise.all(
        todo.slice(i, i + SHOW_AT_ONCE).map(async (m) => {
          try {
            this.shown.set(m.digest, shownDetails(await client.show({ model: m.model || m.name })));
          } catch {
            // an older Ollama, or a model being pulled: shown without details
          }
        }),
      );
    }
  }
}

/** The models in memory, each with the context it was loaded with (0: not said). */
async function loadedContexts(client: Ollama): Promise<Map<string, number> | undefined> {
  try {
    const { models } = await client.ps();
    if (!Array.isArray(models)) return undefined;
    return new Map(
      models.map((m) => {
        const context = (m as { context_length?: unknown }).context_length;
        return [m.model || m.name, typeof context === 'number' && context > 0 ? context : 0];
      }),
    );
  } catch {
    return undefined; // an Ollama without /api/ps: loaded state unknown
  }
}

export function shownDetails(show: ShowResponse): ShownDetails {
  const out: ShownDetails = {};
  const info = (show.model_info ?? {}) as unknown as Record<string, unknown>;
  const arch = info['general.architecture'];
  const context = typeof arch === 'string' ? info[`${arch}.context_length`] : undefined;
  if (typeof context === 'number' && context > 0) out.contextLength = context;
  const said = (show as { capabilities?: unknown }).capabilities;
  if (Array.isArray(said)) {
    const capabilities = said.flatMap((c) =>
      typeof c === 'string' && CAPABILITIES[c] ? [CAPABILITIES[c]] : [],
    );
    // Said, even when empty: the model is known to take text only (the composer warns on images).
    out.capabilities = capabilities;
  }
  return out;
}
