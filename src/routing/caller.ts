// What the decision knows about the caller's number: a real E.164 number, or withheld.
import { E164_PATTERN } from '../config/constants';

/** The values carriers and Twilio use for a withheld caller ID. */
const WITHHELD_VALUES = new Set(['', 'anonymous', 'restricted', 'private', 'unknown', 'unavailable', 'blocked']);

export type CallerNumber =
  | { withheld: false; number: string }
  | { withheld: true; raw: string; reason: string };

/** Anything that is not an E.164 number cannot be dialled back or matched to a contact, so it counts as withheld. */
export function classifyCaller(from: string): CallerNumber {
  const trimmed = from.trim();
  if (E164_PATTERN.test(trimmed)) return { withheld: false, number: trimmed };
  const lower = trimmed.toLowerCase();
  const reason = WITHHELD_VALUES.has(lower.replace(/^\+/, ''))
    ? `the caller withheld their number ("${trimmed}")`
    : `the caller's number "${trimmed.slice(0, 40)}" is not an E.164 phone number`;
  return { withheld: true, raw: trimmed, reason };
}
