// Whether a user may be rung at an instant: not on do not disturb, and within their working hours (in the
// workspace's time zone). Pure; the instant is the decision's. A user who may not be rung is skipped, with why.
import type { User, Workspace } from '../config/types';
import { checkBusinessHours } from './hours';

export type Availability = { available: true } | { available: false; reason: string };

const AVAILABLE: Availability = { available: true };

export function availabilityOf(user: User, workspace: Workspace, now: Date): Availability {
  if (user.doNotDisturb) return { available: false, reason: `${user.id} is on do not disturb` };
  if (!user.workingHours) return AVAILABLE;
  const check = checkBusinessHours({ weekly: user.workingHours, closedDates: [] }, workspace.timeZone, now);
  if (check.open) return AVAILABLE;
  const today = user.workingHours[check.local.weekday];
  const hours = today.length ? today.map((slot) => `${slot.open}-${slot.close}`).join(', ') : 'not working';
  return {
    available: false,
    reason: `${user.id} is outside their working hours (${check.local.weekday} ${hours}; it is ${check.local.time} ${workspace.timeZone})`,
  };
}
