/**
 * Reading the conversation settings form: each field's text becomes a value or a sentence that
 * says what to fix. Empty always means "the server's default" (nothing is sent).
 */

export type FieldResult<T> = { ok: true; value: T | undefined } | { ok: false; error: string };

/** Range (in the unit shown) and shape of a number field. */
export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** Stored value = shown value × scale (seconds shown, milliseconds stored). */
  scale?: number;
}

export function parseNumberField(text: string, rule: NumberRule): FieldResult<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return { ok: false, error: 'Enter a number, or leave it empty.' };
  if (rule.integer && !Number.isInteger(n)) return { ok: false, error: 'Enter a whole number.' };
  if (n < rule.min || n > rule.max) {
    return { ok: false, error: `Enter a value from ${rule.min} to ${rule.max.toLocaleString('en-US')}.` };
  }
  return { ok: true, value: n * (rule.scale ?? 1) };
}

/** The stored number as the field shows it ('' when unset). */
export function formatNumberField(value: number | undefined, rule: NumberRule): string {
  return value === undefined ? '' : String(value / (rule.scale ?? 1));
}

export const MAX_STOP_SEQUENCES = 8;
const MAX_STOP_LENGTH = 200;

/** Stop sequences, one per line; `\n` and `\t` stand for a line break and a tab. */
export function parseStopSequences(text: string): FieldResult<string[]> {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => line.replace(/\\n/g, '\n').replace(/\\t/g, '\t'));
  if (lines.length === 0) return { ok: true, value: undefined };
  if (lines.length > MAX_STOP_SEQUENCES) {
    return { ok: false, error: `At most ${MAX_STOP_SEQUENCES} stop sequences.` };
  }
  if (lines.some((line) => line.length > MAX_STOP_LENGTH)) {
    return { ok: false, error: `A stop sequence can be at most ${MAX_STOP_LENGTH} characters.` };
  }
  return { ok: true, value: [...new Set(lines)] };
}

/** Stop sequences as the field shows them. */
export function formatStopSequences(stop: string[] | undefined): string {
  return (stop ?? []).map((s) => s.replace(/\n/g, '\\n').replace(/\t/g, '\\t')).join('\n');
}

export const MAX_SCHEMA_LENGTH = 100_000;

/** A JSON schema as typed: it must parse, and be a JSON object. */
export function parseJsonSchema(text: string): FieldResult<string> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a JSON schema, e.g. {"type": "object"}.' };
  if (trimmed.length > MAX_SCHEMA_LENGTH) {
    return {
      ok: false,
      error: `The schema is longer than ${MAX_SCHEMA_LENGTH.toLocaleString('en-US')} characters.`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'it does not parse';
    return { ok: false, error: `This is not valid JSON: ${reason}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: 'The schema must be a JSON object, e.g. {"type": "object"}.' };
  }
  return { ok: true, value: trimmed };
}
