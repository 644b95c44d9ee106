/** What `get_current_time` answers: the instant in ISO 8601 and where the user is. */
export interface CurrentTime {
  /** UTC, e.g. 2025-01-31T09:15:00.000Z */
  iso: string;
  /** The same instant in the time zone, with its offset, e.g. 2025-01-31T10:15:00+01:00 */
  local: string;
  /** IANA name, e.g. Europe/Paris */
  timeZone: string;
  /** e.g. +01:00 */
  utcOffset: string;
  weekday: string;
}

/**
 * The current time in the browser's own time zone, or in `timeZone` when one is asked for
 * (an IANA name; Intl rejects unknown ones with a RangeError, which the tool reports).
 */
export function currentTime(now: Date, timeZone?: string): CurrentTime {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'long',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const wallClock = Date.UTC(
    Number(part('year')),
    Number(part('month')) - 1,
    Number(part('day')),
    Number(part('hour')),
    Number(part('minute')),
    Number(part('second')),
  );
  const offsetMinutes = Math.round((wallClock - Math.floor(now.getTime() / 1000) * 1000) / 60_000);
  const utcOffset = formatOffset(offsetMinutes);
  const local = `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${utcOffset}`;
  return { iso: now.toISOString(), local, timeZone: zone, utcOffset, weekday: part('weekday') };
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
