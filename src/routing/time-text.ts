// Times as text, without Intl or Date#toISOString on every call: a day's date is written once and kept,
// a time of day comes from a table of the day's 1,440 minutes, and an instant's ISO-8601 form is put
// together from those (the same text toISOString gives, for the years 1000-9999).
export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const pad = (value: number, digits: number) => String(value).padStart(digits, '0');
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, value) => pad(value, 2));
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, value) => pad(value, 3));
/** "HH:MM" for each minute of a day. */
const CLOCK: readonly string[] = Array.from(
  { length: 24 * 60 },
  (_, minute) => `${pad(Math.floor(minute / 60), 2)}:${pad(minute % 60, 2)}`,
);

/** Days the date text is kept for; past this many the cache starts again, so a long-lived container stays small. */
export const MAX_KEPT_DAYS = 4096;
const dates = new Map<number, string>();

/** "YYYY-MM-DD" of a day counted from 1970-01-01 (UTC arithmetic), for the years 1000-9999. */
export function dateText(day: number): string {
  let text = dates.get(day);
  if (text === undefined) {
    const midnight = new Date(day * DAY_MS);
    text = `${midnight.getUTCFullYear()}-${TWO_DIGITS[midnight.getUTCMonth() + 1]}-${TWO_DIGITS[midnight.getUTCDate()]}`;
    if (dates.size >= MAX_KEPT_DAYS) dates.clear();
    dates.set(day, text);
  }
  return text;
}

/** 0 for Sunday to 6 for Saturday, as Date#getUTCDay counts; day 0 (1970-01-01) was a Thursday. */
export function weekdayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** "HH:MM" of a time of day in ms (0 <= msOfDay < DAY_MS). */
export function clockText(msOfDay: number): string {
  return CLOCK[Math.floor(msOfDay / MINUTE_MS)] as string;
}

const ISO_FROM_MS = Date.UTC(1000, 0, 1);
const ISO_UNTIL_MS = Date.UTC(10_000, 0, 1);

/** `instant.toISOString()`, e.g. 2026-11-23T14:00:00.000Z (which writes other years, and throws for an invalid date). */
export function isoInstant(instant: Date): string {
  const ms = instant.getTime();
  if (!(ms >= ISO_FROM_MS && ms < ISO_UNTIL_MS)) return instant.toISOString();
  const day = Math.floor(ms / DAY_MS);
  const msOfDay = ms - day * DAY_MS;
  const msOfMinute = msOfDay % MINUTE_MS;
  return `${dateText(day)}T${clockText(msOfDay)}:${TWO_DIGITS[Math.floor(msOfMinute / 1000)]}.${THREE_DIGITS[msOfMinute % 1000]}Z`;
}
