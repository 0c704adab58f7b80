// Who a rule rings, as tiers: users by id, each skipped when they are not a user, are unavailable (do not disturb,
// outside working hours) or have nothing to ring; the rest in the ring order (round robin starts at the call's turn).
import type { RingOrder } from '../config/constants';
import { availabilityOf } from './availability';
import { legsForUser } from './legs';
import { type NumberContext, userById } from './rule-kit';
import { type PlannedTier, rotated, tiersInOrder, type UserLegPlan } from './tiers';
import type { WantedInput } from './types';

export interface UsersPlan {
  /** The users who ring, in order, with their legs. */
  plans: UserLegPlan[];
  /** One line per user: what they ring, or why they are skipped. */
  summaries: string[];
}

/** Each user's legs, in the order given, with why a user is left out. */
export function usersToRing(context: NumberContext, userIds: readonly string[]): UsersPlan {
  const { workspace, number } = context.found;
  const plans: UserLegPlan[] = [];
  const summaries: string[] = [];
  for (const userId of userIds) {
    const user = userById(context, userId);
    if (!user) {
      summaries.push(`${userId}: not a user of the workspace`);
      continue;
    }
    const availability = availabilityOf(user, workspace, context.now);
    if (!availability.available) {
      summaries.push(`skipped: ${availability.reason}`);
      continue;
    }
    const legs = legsForUser(user, workspace, number);
    summaries.push(legs.summary);
    if (legs.targets.length) plans.push({ user: user.id, candidates: legs.targets });
  }
  return { plans, summaries };
}

export interface OrderedPlan extends UsersPlan {
  tiers: PlannedTier[];
  /** How the order was chosen, for round robin. */
  orderNote: string | null;
  wants?: WantedInput;
}

/** Users as `order` rings them; round robin starts at the call's turn (the first user when no turn was counted). */
export function orderedPlan(context: NumberContext, userIds: readonly string[], order: RingOrder, secondsEach: number): OrderedPlan {
  let ids = userIds;
  let orderNote: string | null = null;
  let wants: WantedInput | undefined;
  if (order === 'round-robin') {
    const { rotation } = context;
    if (rotation) {
      ids = rotated(userIds, rotation.turn);
      const how = rotation.source === 'counter' ? 'counted' : `drawn at random: ${rotation.why}`;
      orderNote = `round robin turn ${rotation.turn} (${how}) starts at ${ids[0]}`;
    } else {
      orderNote = `round robin: no turn counted, starting at ${userIds[0]}`;
      wants = 'rotation';
    }
  }
  const plan = usersToRing(context, ids);
  const result: OrderedPlan = { ...plan, tiers: tiersInOrder(plan.plans, order, secondsEach), orderNote };
  if (wants) result.wants = wants;
  return result;
}
