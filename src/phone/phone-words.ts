// A phone number in the owner's words, with the metadata given: shown in the workspace's country format, read back as
// typed (national or international) as E.164, and a workspace's locale. The console's page passes libphonenumber-js's
// bundled `min` metadata (ui/format.ts); a Function passes the private asset's (../console/phone-words.ts), so the
// 80 KB of metadata is never bundled into the functions.
import { parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';

/** What the console needs of a workspace to speak its language: its zone, its country, its language tag. */
export interface Locale {
  timeZone: string;
  /** ISO 3166 alpha-2: the country whose national format numbers are shown in ("US"). */
  country: CountryCode;
  /** A BCP 47 tag for dates and times ("en-US"). */
  language: string;
}

export interface LocaleSource {
  timeZone?: string;
  country?: string | null;
  language?: string | null;
  speech?: { language?: string | null } | null;
  numbers?: readonly { number: string }[];
}

export type ParsedPhone = { e164: string } | { error: string };

export interface PhoneWords {
  /** The country of an E.164 number; for an unallocated range (555-01xx) the main country of its calling code. */
  countryOfNumber(e164: string): CountryCode | null;
  /** The workspace's locale: its time zone; its country (set, else its first number's, else US); its language. */
  localeOf(workspace: LocaleSource): Locale;
  /**
   * A number as the workspace writes it: national format for a number of its own country ("(555) 010-0100"),
   * international otherwise ("+44 20 7946 0000"). Anything that is not a phone number (a client, a SIP address) is
   * returned as it is.
   */
  formatPhone(value: string, locale: Pick<Locale, 'country'>): string;
  /**
   * A number typed in national ("(555) 010-0020", "555.010.0020") or international ("+1 555 010 0020", "001...")
   * form, read in the workspace's country, as E.164. Refused when it cannot be a phone number (too short or too long
   * for its country: `isPossible`); a fictional 555-01xx number is possible.
   */
  parsePhone(text: string, locale: Pick<Locale, 'country'>): ParsedPhone;
}

export function phoneWordsWith(metadata: MetadataJson): PhoneWords {
  const callingCodes = (metadata as unknown as { country_calling_codes: Record<string, string[]> }).country_calling_codes;
  const parse = (text: string, country?: CountryCode) =>
    country ? parsePhoneNumberFromString(text, country, metadata) : parsePhoneNumberFromString(text, metadata);

  const countryOfNumber = (e164: string): CountryCode | null => {
    const parsed = parse(e164);
    if (!parsed) return null;
    return parsed.country ?? (callingCodes[parsed.countryCallingCode]?.[0] as CountryCode | undefined) ?? null;
  };
  const formatPhone = (value: string, locale: Pick<Locale, 'country'>): string => {
    if (!value.startsWith('+')) return value;
    const parsed = parse(value);
    if (!parsed) return value;
    const own = callingCodes[parsed.countryCallingCode]?.includes(locale.country);
    return own ? parsed.formatNational() : parsed.formatInternational();
  };
  const exampleFor = (locale: Pick<Locale, 'country'>): string =>
    locale.country === 'US' || callingCodes['1']?.includes(locale.country) ? '+15550100100' : '+442079460000';

  return {
    countryOfNumber,
    formatPhone,
    localeOf(workspace) {
      const country =
        (workspace.country as CountryCode | null | undefined) ??
        (workspace.numbers?.[0] ? countryOfNumber(workspace.numbers[0].number) : null) ??
        'US';
      return {
        timeZone: workspace.timeZone ?? 'UTC',
        country,
        language: workspace.speech?.language ?? workspace.language ?? 'en-US',
      };
    },
    parsePhone(text, locale) {
      const typed = text.trim();
      if (!typed) return { error: 'Enter a phone number.' };
      if (/[a-z]/i.test(typed.replace(/\s*(ext\.?|x)\s*\d+$/i, '')))
        return { error: `"${typed}" is not a phone number: use digits, such as ${formatPhone(exampleFor(locale), locale)}.` };
      const parsed = parse(typed, locale.country);
      if (!parsed?.isPossible())
        return {
          error: `"${typed}" cannot be a phone number: type it as you would dial it, such as ${formatPhone(exampleFor(locale), locale)}, or with its country code (+44 20 7946 0000).`,
        };
      return { e164: parsed.number };
    },
  };
}
