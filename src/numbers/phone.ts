// Phone numbers as the numbers CLI takes and shows them: an E.164 argument checked with the configuration's own
// rule, and the country a number belongs to, from its calling code (Twilio's IncomingPhoneNumbers do not say).
import { E164_PATTERN } from '../config/constants';
import { NumberInputError } from './errors';

/** The number as given, if it is E.164; otherwise a NumberInputError that shows the expected form. */
export function parseE164(value: string, what = 'NUMBER'): string {
  const trimmed = value.trim();
  if (!E164_PATTERN.test(trimmed)) {
    throw new NumberInputError(`${what} must be an E.164 phone number such as +14155550100 (got "${value}")`);
  }
  return trimmed;
}

/** Area codes of the North American Numbering Plan that are Canada's; the rest of +1 is reported as US. */
const CANADIAN_AREA_CODES = new Set(
  '204 226 236 249 250 257 263 289 306 343 354 365 367 368 382 403 416 418 428 431 437 438 450 468 474 506 514 519 548 579 581 584 587 604 613 639 647 672 683 705 709 742 753 778 780 782 807 819 825 867 873 879 902 905'.split(' '),
);

/** ISO 3166 country by calling code, for the countries Twilio sells numbers in most often. */
const COUNTRY_BY_CALLING_CODE: Record<string, string> = {
  '7': 'RU', '20': 'EG', '27': 'ZA', '30': 'GR', '31': 'NL', '32': 'BE', '33': 'FR', '34': 'ES', '36': 'HU', '39': 'IT',
  '40': 'RO', '41': 'CH', '43': 'AT', '44': 'GB', '45': 'DK', '46': 'SE', '47': 'NO', '48': 'PL', '49': 'DE', '51': 'PE',
  '52': 'MX', '54': 'AR', '55': 'BR', '56': 'CL', '57': 'CO', '60': 'MY', '61': 'AU', '62': 'ID', '63': 'PH', '64': 'NZ',
  '65': 'SG', '66': 'TH', '81': 'JP', '82': 'KR', '90': 'TR', '91': 'IN', '351': 'PT', '352': 'LU', '353': 'IE', '354': 'IS',
  '356': 'MT', '357': 'CY', '358': 'FI', '359': 'BG', '370': 'LT', '371': 'LV', '372': 'EE', '385': 'HR', '386': 'SI',
  '420': 'CZ', '421': 'SK', '852': 'HK', '886': 'TW', '972': 'IL', '971': 'AE',
};

/**
 * The ISO country of an E.164 number, from its calling code ("US" or "CA" for +1 by area code), or the calling
 * code itself ("+995") when the table does not know it.
 */
export function countryOf(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  if (digits.startsWith('1')) return CANADIAN_AREA_CODES.has(digits.slice(1, 4)) ? 'CA' : 'US';
  for (const length of [3, 2, 1]) {
    const country = COUNTRY_BY_CALLING_CODE[digits.slice(0, length)];
    if (country) return country;
  }
  return `+${digits.slice(0, 3)}`;
}

/** The toll-free area codes of the North American Numbering Plan (toll-free texts need toll-free verification, not 10DLC). */
const NANP_TOLL_FREE_AREA_CODES = new Set(['800', '833', '844', '855', '866', '877', '888']);

/** A US 10-digit long code (10DLC): +1, a US area code, not toll-free. What A2P 10DLC registration is about. */
export function isUsLongCode(e164: string): boolean {
  return /^\+1\d{10}$/.test(e164) && countryOf(e164) === 'US' && !NANP_TOLL_FREE_AREA_CODES.has(e164.slice(2, 5));
}
