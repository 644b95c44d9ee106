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

const KIND_SETUP: Record<ServerKind, (origin: string) => string> = {
  ollama: (origin) =>
    `Start it with \`ollama serve\`. Pages on localhost are allowed; any other needs OLLAMA_ORIGINS=${origin}.`,
  'lmstudio-rest': () =>
    'In LM Studio open Developer, start the server and turn on “Enable CORS” (or run `lms server start --cors`).',
  'lmstudio-native': () =>
    'Start LM Studio’s server (Developer → Start server, or `lms server start`); Brook connects to it over WebSocket.',
  'openai-compatible': () =>
    'Start the server with its OpenAI API on (an address ending in /v1) and let this page in with its CORS setting.',
};

export const SERVER_TYPES: readonly ServerType[] = [
  ...(['ollama', 'lmstudio-rest', 'lmstudio-native'] as const).map((kind): ServerType => ({
    value: kind,
    kind,
    name: KINDS[kind].shortLabel,
    label: KINDS[kind].label,
    defaultUrl: KINDS[kind].defaultUrl,
    setup: KIND_SETUP[kind],
  })),
  ...PRESET_IDS.map((preset): ServerType => ({
    value: `openai-compatible:${preset}`,
    kind: 'openai-compatible',
    preset,
    name: PRESETS[preset].name,
    label: PRESETS[preset].name,
    defaultUrl: PRESETS[preset].defaultUrl,
    setup: (origin) => `${PRESETS[preset].start} ${PRESETS[preset].cors(origin)}`,
  })),
  {
    value: 'openai-compatible',
    kind: 'openai-compatible',
    name: 'OpenAI-compatible server',
    label: KINDS['openai-compatible'].label,
    defaultUrl: KINDS['openai-compatible'].defaultUrl,
    setup: KIND_SETUP['openai-compatible'],
  },
];

export function serverType(kind: ServerKind, preset?: PresetId): ServerType {
  const value = preset ? `${kind}:${preset}` : kind;
  return SERVER_TYPES.find((t) => t.value === value) ?? SERVER_TYPES[0]!;
}
