// Ring tiers: a route rings its tiers one `<Dial>` after another. A rule plans tiers from users in its ring order
// (all at once, one at a time, round robin from the call's turn), with an optional first tier; decide() filters each
// tier's legs and fits the tiers into the inbound timeout: the whole ring never outlasts it, and a later tier that
// would get under RING_SECONDS_MIN seconds is not reached (the trace says so).
import { RING_SECONDS_MIN, type RingOrder } from '../config/constants';
import type { Target, Tier } from './types';

/** A tier as a rule plans it: its candidate legs, and its seconds (null: whatever is left of the timeout). */
export interface PlannedTier {
  candidates: Target[];
  users: string[];
  label: string;
  seconds: number | null;
}

/** One user's legs, ready to be planned into tiers. */
export interface UserLegPlan {
  user: string;
  candidates: Target[];
}

/** Users (already available, in their order) as the ring order rings them: one tier together, or one tier each. */
export function tiersInOrder(users: readonly UserLegPlan[], order: RingOrder, secondsEach: number): PlannedTier[] {
  if (users.length === 0) return [];
  if (order === 'together') {
    if (users.length === 1) {
      const [only] = users as [UserLegPlan];
      return [{ candidates: only.candidates, users: [only.user], label: 'together', seconds: null }];
    }
    const candidates: Target[] = [];
    const ids: string[] = [];
    for (const user of users) {
      for (const target of user.candidates) candidates.push(target);
      ids.push(user.user);
    }
    return [{ candidates, users: ids, label: 'together', seconds: null }];
  }
  return users.map((user, position) => ({
    candidates: user.candidates,
    users: [user.user],
    label: `${order === 'round-robin' ? 'round robin' : 'in order'}: ${user.user} (${position + 1} of ${users.length})`,
    seconds: secondsEach,
  }));
}

/** `list` starting at position `start` (mod its length), wrapping round. */
export function rotated<T>(list: readonly T[], start: number): T[] {
  if (list.length === 0) return [];
  const from = ((start % list.length) + list.length) % list.length;
  return [...list.slice(from), ...list.slice(0, from)];
}

/** Tiers fitted into `budget` seconds, and what did not fit (for the trace). The first tier always rings. */
export function fitTiers(planned: readonly (Omit<PlannedTier, 'candidates'> & { legs: Target[] })[], budget: number) {
  const tiers: Tier[] = [];
  const notReached: string[] = [];
  let left = budget;
  for (const tier of planned) {
    if (tiers.length > 0 && left < RING_SECONDS_MIN) {
      notReached.push(tier.label);
      continue;
    }
    const seconds = Math.min(tier.seconds ?? left, left);
    tiers.push({ legs: tier.legs, seconds, users: tier.users, label: tier.label });
    left -= seconds;
  }
  return { tiers, notReached };
}

/** "ringing alice for 15 s, then bob, carol and dan together for 20 s" */
export function describeTiers(tiers: readonly Tier[]): string {
  const names = (users: readonly string[]) =>
    users.length <= 1 ? (users[0] ?? 'the legs') : `${users.slice(0, -1).join(', ')} and ${users[users.length - 1]}`;
  return tiers
    .map((tier, index) => {
      const who = tier.users.length
        ? names(tier.users)
        : tier.legs.map((leg) => (leg.kind === 'number' ? leg.number : leg.identity)).join(', ');
      const together = tier.users.length > 1 || (tier.users.length === 0 && tier.legs.length > 1) ? ' together' : '';
      return `${index === 0 ? 'ringing' : 'then'} ${who}${together} for ${tier.seconds} s`;
    })
    .join(', ');
}
