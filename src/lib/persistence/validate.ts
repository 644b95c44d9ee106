/** Thrown by the readers below with a message that names the offending field. */
export class InvalidField extends Error {
  override readonly name = 'InvalidField';
}

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object(value: unknown, path: string): Obj {
  if (!isObject(value)) throw new InvalidField(`${path} must be an object.`);
  return value;
}

export function text(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== 'string') throw new InvalidField(`${path} must be text.`);
  if (value.length > maxLength) throw new InvalidField(`${path} is longer than ${maxLength} characters.`);
  return value;
}

export function optionalText(value: unknown, path: string, maxLength: number): string | undefined {
  return value === undefined || value === null ? undefined : text(value, path, maxLength);
}

export function optionalNumber(value: unknown, path: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidField(`${path} must be a number from ${min} to ${max}.`);
  }
  return value;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new InvalidField(`${path} must be true or false.`);
  return value;
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidField(`${path} must be one of: ${allowed.join(', ')}.`);
  }
  return value as T;
}

/** A list of at most `max` entries (each still to be read). */
export function list(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new InvalidField(`${path} must be a list.`);
  if (value.length > max) throw new InvalidField(`${path} has more than ${max} entries.`);
  return value;
}

/** Copies only the defined entries, so results never carry `undefined` keys. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
