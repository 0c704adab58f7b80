// The owner's words for numbers and times, in one place for every console page: a phone number in the workspace's
// country format (and read back as typed, national or international), a time in the workspace's time zone (and a
// time typed there read back as an instant). Pages never format a number or a time by hand.
import type { MetadataJson } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { phoneWordsWith, type Locale, type LocaleSource } from '../../phone/phone-words';
import { timeZoneProblem } from '../../config/time-zone';
import { localTime } from '../../routing/hours';

export type { Locale, LocaleSource, ParsedPhone } from '../../phone/phone-words';

/** The page's phone words, with libphonenumber-js's bundled `min` metadata (../../phone/phone-words.ts). */
const words = phoneWordsWith(metadata as MetadataJson);
export const { countryOfNumber, localeOf, formatPhone, parsePhone } = words;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale.language}|${locale.timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale.language, { ...options, timeZone: locale.timeZone });
    formatters.set(key, found);
  }
  return found;
}

const asDate = (value: string | Date) => (typeof value === 'string' ? new Date(value) : value);

/** "Dec 8, 2026, 9:30 AM" in the workspace's zone. */
export function formatDateTime(value: string | Date, locale: Locale): string {
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(asDate(value));
}

/** "Tue, Dec 8" in the workspace's zone. */
export function formatDay(value: string | Date, locale: Locale): string {
  return formatter(locale, { weekday: 'short', month: 'short', day: 'numeric' }).format(asDate(value));
}

/** "9:30 AM" in the workspace's zone. */
export function formatClock(value: string | Date, locale: Locale): string {
  return formatter(locale, { timeStyle: 'short' }).format(asDate(value));
}

/** The zone as people name it, with its city: "Eastern Time (New York)"; "UTC" for UTC. */
export function timeZoneLabel(locale: Locale, at: Date = new Date()): string {
  if (locale.timeZone === 'UTC' || locale.timeZone === 'Etc/UTC') return 'UTC';
  const city = (locale.timeZone.split('/').pop() ?? locale.timeZone).replace(/_/g, ' ');
  let name = locale.timeZone;
  try {
    name =
      formatter(locale, { timeZoneName: 'longGeneric' } as Intl.DateTimeFormatOptions)
        .formatToParts(at)
        .find((part) => part.type === 'timeZoneName')?.value ?? name;
  } catch {
    // An engine without `longGeneric`: the zone's id says enough.
  }
  return name === city ? name : `${name} (${city})`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The wall-clock ms (as if UTC) of an instant in a zone. */
function wallClockMs(instant: Date, timeZone: string): number {
  const local = localTime(instant, timeZone);
  const [year, month, day] = local.date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = local.time.split(':').map(Number) as [number, number];
  return Date.UTC(year, month - 1, day, hour, minute);
}

/**
 * A time typed in the workspace's zone (a datetime-local input's "2026-12-12T12:30") as the instant it names; null
 * when the text is not such a time. In the hour a clock skips (spring forward) the instant after it is given.
 */
export function parseLocalDateTime(text: string, locale: Pick<Locale, 'timeZone'>): Date | null {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wanted)) return null;
  let instant = wanted - (wallClockMs(new Date(wanted), locale.timeZone) - wanted);
  const second = wanted - (wallClockMs(new Date(instant), locale.timeZone) - instant);
  if (second !== instant) instant = second;
  return new Date(instant);
}

/** The value for a datetime-local input showing `instant` in the workspace's zone: "2026-12-12T12:30". */
export function localInputValue(instant: Date, locale: Pick<Locale, 'timeZone'>): string {
  const local = localTime(instant, locale.timeZone);
  return `${local.date}T${local.time}`;
}

/** A text with every E.164 number in it ("rings +15550100050 for 30 s") in the workspace's format. */
export function formatPhonesIn(text: string, locale: Pick<Locale, 'country'>): string {
  return text.replace(/\+[1-9]\d{6,14}\b/g, (number) => formatPhone(number, locale));
}

/**
 * The locale of a workspace as it is being edited: its time zone as typed once it is a zone the configuration takes
 * (until then the saved one), so a time typed in the preview is read in the zone the draft routes with.
 */
export function draftLocale(draft: LocaleSource, saved: Locale): Locale {
  const zone = draft.timeZone;
  const valid = typeof zone === 'string' && !timeZoneProblem(zone);
  return { ...localeOf(draft), timeZone: valid ? zone : saved.timeZone };
}
