/** Parsed JSON as Brook reads it: a plain object (never an array or null) or anything else. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
