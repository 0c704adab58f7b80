// What a phone number is, beyond its E.164 form: the country it belongs to and the kind of line (premium rate,
// toll-free, mobile...), from libphonenumber-js with its small `min` metadata. The configuration only checks the
// E.164 form (the sample's 555-01xx numbers are fictional, so "valid" is never required of them); this is for
// the places that must know where a number goes: the numbers CLI's country column, the outbound policy and the
// doctor's A2P 10DLC warning (US long codes). The library's `core` entry takes the metadata as an argument
// (./metadata: a private asset in a Function, so it is not bundled; docs/scale.md, "Fast functions").
import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/core';
import { E164_PATTERN } from '../config/constants';
import { phoneMetadata } from './metadata';

/** The kinds that cost the caller (or us) far more than a call: never dialled out from the apps. */
export const HIGH_COST_KINDS = ['premium-rate', 'shared-cost', 'personal-number'] as const;

export type NumberKind =
  | (typeof HIGH_COST_KINDS)[number]
  | 'toll-free'
  | 'mobile'
  | 'fixed-line'
  | 'fixed-line-or-mobile'
  | 'voip'
  | 'pager'
  | 'uan'
  | 'voicemail'
  | 'unknown';

export interface PhoneFacts {
  e164: string;
  /** The country calling code, without "+": "1", "44", "882". */
  callingCode: string;
  /**
   * ISO 3166 alpha-2: the number's own country (+1809... is DO, +1416... is CA); for a number whose range is not
   * allocated (such as 555-01xx) the main country of its calling code (US for +1). Null for the calling codes
   * that belong to no country (+800, +870, +881, +882, +883, +979: international and satellite networks).
   */
  country: string | null;
  kind: NumberKind;
  /** libphonenumber says the number is in an allocated range (the min metadata knows fewer ranges than max). */
  valid: boolean;
}

const KINDS: Record<NumberType & string, NumberKind> = {
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
  PERSONAL_NUMBER: 'personal-number',
  TOLL_FREE: 'toll-free',
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed-line',
  FIXED_LINE_OR_MOBILE: 'fixed-line-or-mobile',
  VOIP: 'voip',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

/** The facts of an E.164 number; null when it is not E.164 or has no possible length for its calling code. */
export function phoneFacts(e164: string): PhoneFacts | null {
  const trimmed = e164.trim();
  if (!E164_PATTERN.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, phoneMetadata());
  if (!parsed?.isPossible()) return null;
  const type = parsed.getType();
  return {
    e164: trimmed,
    callingCode: parsed.countryCallingCode,
    country: parsed.country ?? parsed.getPossibleCountries()[0] ?? null,
    kind: type ? KINDS[type] : 'unknown',
    valid: parsed.isValid(),
  };
}

/**
 * The ISO country of an E.164 number ("DO" for +1809..., "CA" for +1416...), else its calling code ("+882") for
 * a number of no country or of a length its calling code never has.
 */
export function countryOf(e164: string): string {
  const facts = phoneFacts(e164);
  if (facts?.country) return facts.country;
  const parsed = parsePhoneNumberFromString(e164.trim(), phoneMetadata());
  return `+${parsed?.countryCallingCode ?? e164.replace(/^\+/, '').slice(0, 3)}`;
}

/**
 * A US 10-digit long code (10DLC): a +1 number of the US that is not toll-free (toll-free texts need toll-free
 * verification, not 10DLC; Canada's numbers are not 10DLC either). What A2P 10DLC registration is about.
 */
export function isUsLongCode(e164: string): boolean {
  const facts = phoneFacts(e164);
  return facts !== null && facts.callingCode === '1' && facts.country === 'US' && facts.kind !== 'toll-free';
}
