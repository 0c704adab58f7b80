// Phone numbers as the numbers CLI takes and shows them: an E.164 argument checked with the configuration's own
// rule, and the country a number belongs to (Twilio's IncomingPhoneNumbers do not say), from src/phone.
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

/** The country column: libphonenumber-js's country for the number (src/phone), else its calling code. */
export { countryOf } from '../phone';
