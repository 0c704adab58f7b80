// The numbers command's NUMBER argument: an E.164 phone number, checked with the configuration's own rule (what a
// number is, its country and kind, is src/phone's).
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
