/**
 * What a user picks when adding a server: a kind, or one of the known OpenAI-compatible servers
 * (a preset of that kind). One list, so the add form and "Find servers" speak of servers alike.
 */
import { KINDS, type ServerKind } from './kinds';
import { PRESET_IDS, PRESETS, type PresetId } from './presets';

export interface ServerType {
  /** `kind` or `kind:preset`, for a <select>. */
  value: string;
  kind: ServerKind;
  preset?: PresetId;
  name: string;
  label: string;
  defaultUrl: string;
  /** What the server's documentation says to do so that this page (at `origin`) can use it. */
  setup(origin: string): string;
}

/** How to start a server and let a page in: its preset's documented steps, else its kind's. */
export function setupSteps(
  kind: ServerKind,
  preset?: PresetId,
): { start: string; cors(origin: string): string } {
  if (preset) return { start: PRESETS[preset].start, cors: PRESETS[preset].cors };
  return { start: `${KINDS[kind].startStep}.`, cors: KINDS[kind].corsStep };
}

function setupText(kind: ServerKind, preset?: PresetId): (origin: string) => string {
  const steps = setupSteps(kind, preset);
  return (origin) => `${steps.start} ${steps.cors(origin)}`;
}

export const SERVER_TYPES: readonly ServerType[] = [
  ...(['ollama', 'lmstudio-rest', 'lmstudio-native'] as const).map((kind): ServerType => ({
    value: kind,
    kind,
    name: KINDS[kind].shortLabel,
    label: KINDS[kind].label,
    defaultUrl: KINDS[kind].defaultUrl,
    setup: setupText(kind),
  })),
  ...PRESET_IDS.map((preset): ServerType => ({
    value: `openai-compatible:${preset}`,
    kind: 'openai-compatible',
    preset,
    name: PRESETS[preset].name,
    label: PRESETS[preset].name,
    defaultUrl: PRESETS[preset].defaultUrl,
    setup: setupText('openai-compatible', preset),
  })),
  {
    value: 'openai-compatible',
    kind: 'openai-compatible',
    name: 'OpenAI-compatible server',
    label: KINDS['openai-compatible'].label,
    defaultUrl: KINDS['openai-compatible'].defaultUrl,
    setup: setupText('openai-compatible'),
  },
];

export function serverType(kind: ServerKind, preset?: PresetId): ServerType {
  const value = preset ? `${kind}:${preset}` : kind;
  return SERVER_TYPES.find((t) => t.value === value) ?? SERVER_TYPES[0]!;
}
