// The owner's words for numbers and times, in one place for every console page: a phone number in the workspace's
// country format (and read back as typed, national or international), a time in the workspace's time zone (and a
// time typed there read back as an instant). Pages never format a number or a time by hand.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import metadata from 'libphonenumber-js/min/metadata';
import { timeZoneProblem } from '../../config/time-zone';
import { localTime } from '../../routing/hours';

/** What the console needs of a workspace to speak its language: its zone, its country, its language tag. */
export interface Locale {
  timeZone: string;
  /** ISO 3166 alpha-2: the country whose national format numbers are shown in ("US"). */
  country: CountryCode;
  /** A BCP 47 tag for dates and times ("en-US"). */
  language: string;
}

interface LocaleSource {
  timeZone?: string;
  country?: string | null;
  language?: string | null;
  speech?: { language?: string | null } | null;
  numbers?: readonly { number: string }[];
}

const callingCodes = (metadata as unknown as { country_calling_codes: Record<string, string[]> }).country_calling_codes;

/** The country of an E.164 number; for an unallocated range (555-01xx) the main country of its calling code. */
export function countryOfNumber(e164: string): CountryCode | null {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return null;
  return parsed.country ?? (callingCodes[parsed.countryCallingCode]?.[0] as CountryCode | undefined) ?? null;
}

/** The workspace's locale: its time zone; its country (set, else its first number's, else US); its language. */
export function localeOf(workspace: LocaleSource): Locale {
  const country =
    (workspace.country as CountryCode | null | undefined) ??
    (workspace.numbers?.[0] ? countryOfNumber(workspace.numbers[0].number) : null) ??
    'US';
  return {
    timeZone: workspace.timeZone ?? 'UTC',
    country,
    language: workspace.speech?.language ?? workspace.language ?? 'en-US',
  };
}

/**
 * A number as the workspace writes it: national format for a number of its own country ("(555) 010-0100"),
 * international otherwise ("+44 20 7946 0000"). Anything that is not a phone number (a client, a SIP address) is
 * returned as it is.
 */
export function formatPhone(value: string, locale: Pick<Locale, 'country'>): string {
  if (!value.startsWith('+')) return value;
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed) return value;
  const own = callingCodes[parsed.countryCallingCode]?.includes(locale.country);
  return own ? parsed.formatNational() : parsed.formatInternational();
}

export type ParsedPhone = { e164: string } | { error: string };

/**
 * A number typed in national ("(555) 010-0020", "555.010.0020") or international ("+1 555 010 0020", "001...") form,
 * read in the workspace's country, as E.164. Refused when it cannot be a phone number (too short or too long for
 * its country: `isPossible`); a fictional 555-01xx number is possible.
 */
export function parsePhone(text: string, locale: Pick<Locale, 'country'>): ParsedPhone {
  const typed = text.trim();
  if (!typed) return { error: 'Enter a phone number.' };
  if (/[a-z]/i.test(typed.replace(/\s*(ext\.?|x)\s*\d+$/i, '')))
    return { error: `"${typed}" is not a phone number: use digits, such as ${formatPhone(exampleFor(locale), locale)}.` };
  const parsed = parsePhoneNumberFromString(typed, locale.country);
  if (!parsed?.isPossible())
    return {
      error: `"${typed}" cannot be a phone number: type it as you would dial it, such as ${formatPhone(exampleFor(locale), locale)}, or with its country code (+44 20 7946 0000).`,
    };
  return { e164: parsed.number };
}

function exampleFor(locale: Pick<Locale, 'country'>): string {
  return locale.country === 'US' || callingCodes['1']?.includes(locale.country) ? '+15550100100' : '+442079460000';
}

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
