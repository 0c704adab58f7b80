// What the decision knows about the caller's number: a real E.164 number, or withheld; and that a caller is never
// rung on their own call.
import { E164_PATTERN } from '../config/constants';
import type { User } from '../config/types';
import type { DroppedTarget, Target } from './types';

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

/**
 * A caller never rings themselves: the legs that would ring the caller's own number, and every leg of a user whose
 * phone is the caller's (their apps too: they are the one calling), are dropped with reason `caller`.
 */
export function withoutCaller(candidates: readonly Target[], caller: CallerNumber, users: readonly Pick<User, 'id' | 'phone'>[]): { kept: Target[]; dropped: DroppedTarget[] } {
  if (caller.withheld) return { kept: [...candidates], dropped: [] };
  // Usually nobody: one pass over the users, and no set unless one of them is calling.
  let self: Set<string> | null = null;
  for (const user of users) if (user.phone === caller.number) (self ??= new Set()).add(user.id);
  const kept: Target[] = [];
  const dropped: DroppedTarget[] = [];
  for (const target of candidates) {
    const ownNumber = target.kind === 'number' && target.number === caller.number;
    if (ownNumber || (target.user !== undefined && self?.has(target.user))) {
      const whose = target.user ? `${target.user}'s` : 'the caller\'s';
      dropped.push({ target, reason: 'caller', detail: `${whose} ${target.kind === 'number' ? `phone ${target.number}` : `${target.app} app`} is the caller (${caller.number}) calling in; not rung` });
    } else {
      kept.push(target);
    }
  }
  return { kept, dropped };
}
