// The routing table: named rules, in precedence order, first match wins (a DMN decision table with hit
// policy "first"). Each rule says whether it applies to the call and why; the last one always applies.
import type { Contact, User } from '../config/types';
import type { CallerNumber } from './caller';
import type { OpeningCheck } from './hours';
import { legsForUser } from './legs';
import type { NumberEntry } from './lookup';
import type { CalledPair, CallerCount, RejectReason, Target } from './types';

/** Everything a rule may look at. `found` is absent when the called number is not configured. */
export interface RuleContext {
  call: CalledPair;
  caller: CallerNumber;
  /** The abuse guard's count for this call, when one was taken. */
  callerCount?: CallerCount;
  found?: NumberEntry;
  contact?: Contact;
  /** null when the workspace keeps no business hours. */
  hours: OpeningCheck | null;
}

/** What a rule that applies asks for; `ring` legs still pass through the leg filter in decide(). */
export type Outcome =
  | { kind: 'reject'; reason: RejectReason }
  | { kind: 'hangup' }
  | { kind: 'voicemail'; greetingOwner: User | null }
  | { kind: 'ring'; candidates: Target[]; greetingOwner: User | null };

export type Verdict = { applies: false; reason: string } | { applies: true; reason: string; outcome: Outcome };

export interface Rule {
  /** The rule's name in traces, logs and `explain`; RuleId is the union of these. */
  id: string;
  /** One line for people: when this rule decides. */
  summary: string;
  evaluate(context: RuleContext): Verdict;
}

type NumberContext = RuleContext & { found: NonNullable<RuleContext['found']> };

const skip = (reason: string): Verdict => ({ applies: false, reason });
const decideWith = (reason: string, outcome: Outcome): Verdict => ({ applies: true, reason, outcome });

/** Rules below the first only make sense for a configured number; they never see an unknown one. */
function forNumber(evaluate: (context: NumberContext) => Verdict): (context: RuleContext) => Verdict {
  return (context) => (context.found ? evaluate(context as NumberContext) : skip('the called number is not configured'));
}

function ringUser(user: User, context: NumberContext, why: string): Verdict {
  const { workspace } = context.found;
  const legs = legsForUser(user, workspace, context.found.number);
  if (legs.targets.length === 0) {
    return skip(`${why}, but ${user.id} has no app enabled, no phone, and no forwarding number or company phone to fall back on`);
  }
  return decideWith(`${why}; ringing ${legs.summary}`, { kind: 'ring', candidates: legs.targets, greetingOwner: user });
}

/** Whether a caller's calls this minute are over the workspace's calls-per-minute limit (0: the guard is off). */
export function overCallerLimit(calls: number, limit: number): boolean {
  return limit > 0 && calls > limit;
}

/** The caller as the abuse guard names them: the number, or the withheld caller ID as it came. */
function guardedCallerLabel(caller: CallerNumber): string {
  return caller.withheld ? `a withheld caller (${caller.raw.slice(0, 40) || 'no caller ID'})` : caller.number;
}

function userById(context: NumberContext, userId: string | null): User | undefined {
  return userId === null ? undefined : context.found.users.get(userId);
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
      return decideWith(`${number.number} is in forward mode; ringing ${number.forwardingNumber}`, {
        kind: 'ring',
        candidates: [{ kind: 'number', number: number.forwardingNumber, source: 'forwarding-number' }],
        greetingOwner: null,
      });
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
          return decideWith(`${hours.reason}; after-hours action forwards to ${afterHours.forwardTo}`, {
            kind: 'ring',
            candidates: [{ kind: 'number', number: afterHours.forwardTo, source: 'after-hours-forward' }],
            greetingOwner: null,
          });
      }
    }),
  },
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
    id: 'ring-group',
    summary: 'The number rings a group of up to 7 users: ring them all at once.',
    evaluate: forNumber((context) => {
      const { number } = context.found;
      if (number.ringUsers.length === 0) return skip(`${number.number} has no ring group`);
      const candidates: Target[] = [];
      let summaries = '';
      for (const userId of number.ringUsers) {
        const user = userById(context, userId);
        const legs = user ? legsForUser(user, context.found.workspace, number) : null;
        if (legs) for (const target of legs.targets) candidates.push(target);
        const text = legs ? legs.summary : `${userId}: not a user of the workspace`;
        summaries = summaries ? `${summaries}; ${text}` : text;
      }
      if (candidates.length === 0) return skip(`the ring group has nothing to ring (${summaries})`);
      return decideWith(`${number.number} rings a group of ${number.ringUsers.length}: ${summaries}`, {
        kind: 'ring',
        candidates,
        greetingOwner: null,
      });
    }),
  },
  {
    id: 'forwarding-number',
    summary: 'Nobody is assigned and the number has a forwarding number: ring it.',
    evaluate: forNumber(({ found: { number } }) =>
      number.forwardingNumber
        ? decideWith(`nobody is assigned; ${number.number} forwards to ${number.forwardingNumber}`, {
            kind: 'ring',
            candidates: [{ kind: 'number', number: number.forwardingNumber, source: 'forwarding-number' }],
            greetingOwner: null,
          })
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
      return decideWith(`nothing else applies; ringing the company phone ${companyPhone}`, {
        kind: 'ring',
        candidates: [{ kind: 'number', number: companyPhone, source: 'company-phone' }],
        greetingOwner: null,
      });
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
