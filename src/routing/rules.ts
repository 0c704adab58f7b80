// The routing table: named rules, in precedence order, first match wins (a DMN decision table with hit
// policy "first"). Each rule says whether it applies to the call and why; the last one always applies.
import type { User } from '../config/types';
import { availabilityOf } from './availability';
import type { CallerNumber } from './caller';
import { legsForUser } from './legs';
import { PHONE_MENU_RULE } from './phone-menu';
import { orderedPlan, usersToRing } from './ring-plan';
import { decideWith, forNumber, type NumberContext, ringAtOnce, type Rule, skip, userById, type Verdict } from './rule-kit';
import { BLOCKED_CALLER_RULE, SCREENING_RULE } from './screening';
import type { PlannedTier } from './tiers';

export type { Outcome, Rule, RuleContext, Verdict } from './rule-kit';

const DAY_MS = 86_400_000;

function ringUser(user: User, context: NumberContext, why: string): Verdict {
  const { workspace } = context.found;
  const availability = availabilityOf(user, workspace, context.now);
  if (!availability.available) return skip(`${why}, but ${availability.reason}; going on down the route`);
  const legs = legsForUser(user, workspace, context.found.number);
  if (legs.targets.length === 0) {
    return skip(`${why}, but ${user.id} has no app enabled, no phone, and no forwarding number or company phone to fall back on`);
  }
  return decideWith(`${why}; ringing ${legs.summary}`, ringAtOnce(legs.targets, user));
}

/** Whether a caller's calls this minute are over the workspace's calls-per-minute limit (0: the guard is off). */
export function overCallerLimit(calls: number, limit: number): boolean {
  return limit > 0 && calls > limit;
}

/** The caller as the abuse guard names them: the number, or the withheld caller ID as it came. */
function guardedCallerLabel(caller: CallerNumber): string {
  return caller.withheld ? `a withheld caller (${caller.raw.slice(0, 40) || 'no caller ID'})` : caller.number;
}

export const RULES = [
  {
    id: 'unknown-number',
    summary: 'The called number is not in the configuration: reject, ring nothing.',
    evaluate: ({ call, found }) =>
      found
        ? skip(`${call.to} is configured`)
        : decideWith(`${call.to || '(empty)'} is not a number this configuration routes`, { kind: 'reject', reason: 'rejected' }),
  },
  {
    id: 'abuse-guard',
    summary: 'The caller is over the calls-per-minute limit: reject as busy, ring and text nothing.',
    evaluate: forNumber(({ caller, callerCount, found }) => {
      const { id, inbound } = found.workspace;
      const limit = inbound.maxCallsPerCallerPerMinute;
      if (limit <= 0) return skip('the abuse guard is off (limit 0)');
      if (!callerCount) return skip('calls not counted');
      if (!callerCount.counted) return skip(callerCount.why);
      const who = guardedCallerLabel(caller);
      if (!overCallerLimit(callerCount.calls, limit)) return skip(`${who}: call ${callerCount.calls} of at most ${limit} this minute`);
      return decideWith(`${who} called ${id} more than ${limit} times this minute`, { kind: 'reject', reason: 'busy' });
    }),
  },
  {
    id: 'inactive-number',
    summary: 'The called number is inactive: reject, ring nothing.',
    evaluate: forNumber(({ found }) =>
      found.number.status === 'inactive'
        ? decideWith(`${found.number.number} (${found.number.name}) is inactive`, { kind: 'reject', reason: 'rejected' })
        : skip(`${found.number.number} is active`),
    ),
  },
  BLOCKED_CALLER_RULE,
  SCREENING_RULE,
  {
    id: 'voicemail-mode',
    summary: 'The number is in voicemail mode: straight to voicemail.',
    evaluate: forNumber((context) => {
      const { number } = context.found;
      return number.mode === 'voicemail'
        ? decideWith(`${number.number} is in voicemail mode`, {
            kind: 'voicemail',
            greetingOwner: userById(context, number.assignedUser) ?? null,
          })
        : skip(`mode is ${number.mode}, not voicemail`);
    }),
  },
  {
    id: 'forward-mode',
    summary: 'The number is in forward mode: always ring its forwarding number.',
    evaluate: forNumber(({ found: { number } }) => {
      if (number.mode !== 'forward') return skip(`mode is ${number.mode}, not forward`);
      if (!number.forwardingNumber) return skip('mode is forward, but the number has no forwarding number');
      return decideWith(
        `${number.number} is in forward mode; ringing ${number.forwardingNumber}`,
        ringAtOnce([{ kind: 'number', number: number.forwardingNumber, source: 'forwarding-number' }], null, 'forwarding number'),
      );
    }),
  },
  {
    id: 'after-hours',
    summary: "Outside the workspace's business hours: the number's after-hours action (voicemail, forward, or ring as usual).",
    evaluate: forNumber((context) => {
      const { hours } = context;
      if (hours === null) return skip('the workspace keeps no business hours');
      if (hours.open) return skip(`within business hours: ${hours.reason}`);
      const { number } = context.found;
      const afterHours = number.afterHours;
      switch (afterHours.action) {
        case 'ring':
          return skip(`${hours.reason}, and the after-hours action is to ring as usual`);
        case 'voicemail':
          return decideWith(`${hours.reason}; after-hours action is voicemail`, {
            kind: 'voicemail',
            greetingOwner: userById(context, number.assignedUser) ?? null,
          });
        case 'forward':
          return decideWith(
            `${hours.reason}; after-hours action forwards to ${afterHours.forwardTo}`,
            ringAtOnce([{ kind: 'number', number: afterHours.forwardTo, source: 'after-hours-forward' }], null, 'after-hours forward'),
          );
      }
    }),
  },
  PHONE_MENU_RULE,
  {
    id: 'number-assigned-user',
    summary: 'The number is assigned to a user and "ring user assigned to called number" is on: ring that user.',
    evaluate: forNumber((context) => {
      const { number, workspace } = context.found;
      if (number.assignedUser === null) return skip(`${number.number} is not assigned to a user`);
      if (!workspace.inbound.ringAssignedUser) {
        return skip(`${number.number} is assigned to ${number.assignedUser}, but "ring user assigned to called number" is off`);
      }
      const user = userById(context, number.assignedUser);
      if (!user) return skip(`${number.number} is assigned to ${number.assignedUser}, who is not a user of the workspace`);
      return ringUser(user, context, `${number.number} is assigned to ${user.id}`);
    }),
  },
  {
    id: 'caller-assigned-user',
    summary: 'The caller is a contact assigned to a user: ring that user.',
    evaluate: forNumber((context) => {
      const { caller, contact } = context;
      if (caller.withheld) return skip(`${caller.reason}, so no contact can be matched`);
      if (!contact) return skip(`${caller.number} is not a contact of the workspace`);
      if (contact.assignedUser === null) return skip(`contact ${caller.number} is not assigned to a user`);
      const user = userById(context, contact.assignedUser);
      if (!user) return skip(`contact ${caller.number} is assigned to ${contact.assignedUser}, who is not a user of the workspace`);
      return ringUser(user, context, `caller ${caller.number} is a contact assigned to ${user.id}`);
    }),
  },
  {
    id: 'sticky-agent',
    summary: "The user who answered this caller last (within the sticky agent's days) rings first, alone; then the route as usual.",
    evaluate: forNumber((context) => {
      const { stickyAgent } = context.found.workspace.inbound;
      const { caller, lastAnswered } = context;
      if (!stickyAgent.enabled) return skip('"ring the person who helped last" is off');
      if (caller.withheld) return skip(`${caller.reason}, so no earlier call can be matched`);
      if (!lastAnswered) return skip(`no user has answered ${caller.number} before (or it was not looked up)`, { wants: 'lastAnswered' });
      const ago = context.now.getTime() - Date.parse(lastAnswered.at);
      const earlier = `${lastAnswered.user} answered ${caller.number} on ${lastAnswered.at.slice(0, 10)} (call ${lastAnswered.callSid})`;
      if (!(ago <= stickyAgent.days * DAY_MS)) return skip(`${earlier}, more than ${stickyAgent.days} days ago`);
      const plan = usersToRing(context, [lastAnswered.user]);
      const [only] = plan.plans;
      if (!only) return skip(`${earlier}, but ${plan.summaries.join('; ')}`);
      return decideWith(`${earlier}; ringing ${plan.summaries.join('; ')} first for ${stickyAgent.seconds} s, then the route as usual`, {
        kind: 'ring',
        tiers: [{ candidates: only.candidates, users: [only.user], label: `helped last: ${only.user}`, seconds: stickyAgent.seconds }],
        greetingOwner: null,
        thenRest: true,
      });
    }),
  },
  {
    id: 'ring-group',
    summary: 'The number rings a group of up to 7 users: all at once, one at a time, or round robin, after any users rung first.',
    evaluate: forNumber((context) => {
      const { number } = context.found;
      if (number.ringUsers.length === 0) return skip(`${number.number} has no ring group`);
      const group = orderedPlan(context, number.ringUsers, number.ringOrder, number.ringSecondsEach);
      const tiers: PlannedTier[] = [];
      let first = '';
      if (number.ringFirst) {
        const lead = usersToRing(context, number.ringFirst.users);
        const candidates = lead.plans.flatMap((plan) => plan.candidates);
        const users = lead.plans.map((plan) => plan.user);
        if (candidates.length)
          tiers.push({ candidates, users, label: `ring first: ${users.join(', ')}`, seconds: number.ringFirst.seconds });
        first = `ring first for ${number.ringFirst.seconds} s: ${lead.summaries.join('; ')}; then `;
      }
      tiers.push(...group.tiers);
      const order = number.ringOrder === 'together' ? 'all at once' : number.ringOrder === 'in-order' ? 'one at a time' : 'round robin';
      const summaries = `${first}${order}: ${group.summaries.join('; ')}${group.orderNote ? `; ${group.orderNote}` : ''}`;
      const notes = group.wants ? { wants: group.wants } : {};
      if (tiers.length === 0) return skip(`the ring group has nothing to ring (${summaries})`, notes);
      return decideWith(
        `${number.number} rings a group of ${number.ringUsers.length}: ${summaries}`,
        { kind: 'ring', tiers, greetingOwner: null },
        notes,
      );
    }),
  },
  {
    id: 'forwarding-number',
    summary: 'Nobody is assigned and the number has a forwarding number: ring it.',
    evaluate: forNumber(({ found: { number } }) =>
      number.forwardingNumber
        ? decideWith(
            `nobody is assigned; ${number.number} forwards to ${number.forwardingNumber}`,
            ringAtOnce([{ kind: 'number', number: number.forwardingNumber, source: 'forwarding-number' }], null, 'forwarding number'),
          )
        : skip(`${number.number} has no forwarding number`),
    ),
  },
  {
    id: 'company-phone',
    summary: 'Otherwise the company phone, when "forward calls to business phone number" is on.',
    evaluate: forNumber(({ found: { workspace } }) => {
      const { companyPhone, inbound } = workspace;
      if (!companyPhone) return skip('the workspace has no company phone');
      if (!inbound.forwardToCompanyPhone)
        return skip(`the company phone is ${companyPhone}, but "forward calls to business phone number" is off`);
      return decideWith(
        `nothing else applies; ringing the company phone ${companyPhone}`,
        ringAtOnce([{ kind: 'number', number: companyPhone, source: 'company-phone' }], null, 'company phone'),
      );
    }),
  },
  {
    id: 'nothing-to-ring',
    summary: 'Nothing to ring: voicemail when a greeting exists, else hang up.',
    evaluate: (context) => {
      const owner = context.found ? (userById(context as NumberContext, context.found.number.assignedUser) ?? null) : null;
      const workspace = context.found?.workspace;
      const greeting = [owner?.voicemail, workspace?.voicemail].find((g) => g && (g.greetingUrl || g.greetingText));
      return greeting
        ? decideWith('nothing to ring, and a voicemail greeting exists: taking a message', { kind: 'voicemail', greetingOwner: owner })
        : decideWith('nothing to ring and no voicemail greeting: hanging up', { kind: 'hangup' });
    },
  },
] as const satisfies readonly Rule[];

/** The name of one rule of the table, in its order. */
export type RuleId = (typeof RULES)[number]['id'];
