// What the decision knows about the caller's number: a real E.164 number, or withheld; and that a caller is never
// rung on their own call. classifyCaller is the one place a From is judged (every step reaches it through
// src/phone/caller-id's callerOf, which adds the length check libphonenumber-js's metadata allows; routing, pure,
// is handed the result).
import { E164_PATTERN } from '../config/constants';
import type { User } from '../config/types';
import type { DroppedTarget, Target } from './types';

/** The words carriers and Twilio use for a withheld caller ID (Twilio passes them through as they come). */
const WITHHELD_WORDS = new Set(['', 'anonymous', 'restricted', 'private', 'unknown', 'unavailable', 'blocked', 'withheld']);

/**
 * Twilio's placeholders for a withheld caller ID: the words spelled on a keypad, as E.164-looking numbers. None is
 * a number anyone can call or text back.
 */
export const WITHHELD_PLACEHOLDERS: Readonly<Record<string, string>> = Object.freeze({
  '+266696687': 'ANONYMOUS',
  '+7378742833': 'RESTRICTED',
  '+86282452253': 'UNAVAILABLE',
  '+8656696': 'UNKNOWN',
  '+2562533': 'BLOCKED',
});
/** The same, as a Map: a From such as "constructor" must find nothing (an object literal would find its prototype's). */
const PLACEHOLDER_WORDS: ReadonlyMap<string, string> = new Map(Object.entries(WITHHELD_PLACEHOLDERS));

export type CallerNumber =
  | { withheld: false; number: string }
  | {
      withheld: true;
      raw: string;
      reason: string;
      /** Who this withheld caller is, for counting: one key per placeholder or word, never a phone number's. */
      key: string;
    };

/** Whether an E.164 string can be a phone number at all (its calling code exists and it is long enough for it). */
export type PossibleNumber = (e164: string) => boolean;

/**
 * Anything that is not a phone number cannot be dialled back or matched to a contact, so it counts as withheld: a
 * withheld word, one of Twilio's placeholders, a From that is not E.164, or one that `possible` says cannot be a
 * number (src/phone/caller-id gives it; without it every E.164 string passes that check).
 */
export function classifyCaller(from: string, possible: PossibleNumber = () => true): CallerNumber {
  const trimmed = from.trim();
  const withheld = (reason: string, key: string): CallerNumber => ({ withheld: true, raw: trimmed, reason, key: `withheld:${key}` });
  const slug = () =>
    trimmed
      .toLowerCase()
      .replace(/[^a-z0-9+]+/g, '_')
      .slice(0, 40);
  const placeholder = PLACEHOLDER_WORDS.get(trimmed);
  if (placeholder)
    return withheld(`the caller withheld their number ("${trimmed}", Twilio's placeholder for ${placeholder})`, placeholder.toLowerCase());
  // A number, the case of nearly every call: judged without building any of the strings a withheld caller needs.
  if (E164_PATTERN.test(trimmed)) {
    if (possible(trimmed)) return { withheld: false, number: trimmed };
    return withheld(
      `the caller's number "${trimmed}" cannot be a phone number (too short for its country code, or no such code)`,
      `other:${slug()}`,
    );
  }
  const word = trimmed.toLowerCase().replace(/^\+/, '');
  if (WITHHELD_WORDS.has(word)) return withheld(`the caller withheld their number ("${trimmed}")`, word || 'none');
  return withheld(`the caller's number "${trimmed.slice(0, 40)}" is not an E.164 phone number`, `other:${slug()}`);
}

/**
 * A caller never rings themselves: the legs that would ring the caller's own number, and every leg of a user whose
 * phone is the caller's (their apps too: they are the one calling), are dropped with reason `caller`.
 */
export function withoutCaller(
  candidates: readonly Target[],
  caller: CallerNumber,
  users: readonly Pick<User, 'id' | 'phone'>[],
): { kept: Target[]; dropped: DroppedTarget[] } {
  if (caller.withheld) return { kept: [...candidates], dropped: [] };
  // Usually nobody: one pass over the users, and no set unless one of them is calling.
  let self: Set<string> | null = null;
  for (const user of users) if (user.phone === caller.number) (self ??= new Set()).add(user.id);
  const kept: Target[] = [];
  const dropped: DroppedTarget[] = [];
  for (const target of candidates) {
    const ownNumber = target.kind === 'number' && target.number === caller.number;
    if (ownNumber || (target.user !== undefined && self?.has(target.user))) {
      const whose = target.user ? `${target.user}'s` : "the caller's";
      dropped.push({
        target,
        reason: 'caller',
        detail: `${whose} ${target.kind === 'number' ? `phone ${target.number}` : `${target.app} app`} is the caller (${caller.number}) calling in; not rung`,
      });
    } else {
      kept.push(target);
    }
  }
  return { kept, dropped };
}
