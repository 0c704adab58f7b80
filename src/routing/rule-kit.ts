// What a rule of the routing table is made of (src/routing/rules.ts): the context it looks at, the verdict it
// gives, and the small helpers every rule uses. Apart from the table so rules may live in files of their own.
import type { Contact, User } from '../config/types';
import type { CallerNumber } from './caller';
import type { OpeningCheck } from './hours';
import type { NumberEntry } from './lookup';
import type { PlannedTier } from './tiers';
import type {
  CalledPair,
  CallerCount,
  GatherPrompt,
  LastAnswered,
  MenuPath,
  RejectReason,
  Rotation,
  ScreeningResult,
  Target,
  WantedInput,
} from './types';

/** Everything a rule may look at. `found` is absent when the called number is not configured. */
export interface RuleContext {
  call: CalledPair;
  caller: CallerNumber;
  /** The instant the call is decided for (business hours, working hours, the sticky agent's days). */
  now: Date;
  /** The abuse guard's count for this call, when one was taken. */
  callerCount?: CallerCount;
  found?: NumberEntry;
  contact?: Contact;
  /** null when the workspace keeps no business hours. */
  hours: OpeningCheck | null;
  /** Twilio's StirVerstat, when it sent one. */
  stir?: string;
  /** The caller's answers not yet taken by an earlier prompt of the table, in order. */
  presses: readonly string[];
  /** The seconds left to ring in (the inbound timeout, less a tier rung before). */
  budget: number;
  rotation?: Rotation;
  lastAnswered?: LastAnswered;
}

/** What a rule that applies asks for; `ring` tiers still pass through the leg filter in decide(). */
export type Outcome =
  | { kind: 'reject'; reason: RejectReason }
  | { kind: 'hangup' }
  | { kind: 'voicemail'; greetingOwner: User | null }
  | {
      kind: 'ring';
      tiers: PlannedTier[];
      greetingOwner: User | null;
      /** Ring these tiers first, then the route as usual (the rules below decide what follows). */
      thenRest?: boolean;
    }
  | { kind: 'gather'; prompt: GatherPrompt };

/** What a rule reports besides applying or not: answers it took, what screening and the menu did, inputs it lacked. */
export interface VerdictNotes {
  /** How many of `presses` this rule took (a prompt's answers). */
  consumed?: number;
  screening?: ScreeningResult;
  menu?: MenuPath;
  wants?: WantedInput;
}

export type Verdict = ({ applies: false; reason: string } | { applies: true; reason: string; outcome: Outcome }) & VerdictNotes;

export interface Rule {
  /** The rule's name in traces, logs and `explain`; RuleId is the union of these. */
  id: string;
  /** One line for people: when this rule decides. */
  summary: string;
  evaluate(context: RuleContext): Verdict;
}

export type NumberContext = RuleContext & { found: NonNullable<RuleContext['found']> };

// Most verdicts carry no notes: they are built without a spread, which every call would pay for on every rule.
export const skip = (reason: string, notes?: VerdictNotes): Verdict =>
  notes ? { applies: false, reason, ...notes } : { applies: false, reason };
export const decideWith = (reason: string, outcome: Outcome, notes?: VerdictNotes): Verdict =>
  notes ? { applies: true, reason, outcome, ...notes } : { applies: true, reason, outcome };

/** Rules below the first only make sense for a configured number; they never see an unknown one. */
export function forNumber(evaluate: (context: NumberContext) => Verdict): (context: RuleContext) => Verdict {
  return (context) => (context.found ? evaluate(context as NumberContext) : skip('the called number is not configured'));
}

export function userById(context: NumberContext, userId: string | null): User | undefined {
  return userId === null ? undefined : context.found.users.get(userId);
}

/** The users a set of legs rings for, each once, in order. */
export function usersOf(candidates: readonly Target[]): string[] {
  const users: string[] = [];
  for (const target of candidates) if (target.user && !users.includes(target.user)) users.push(target.user);
  return users;
}

/** A ring of one tier for the whole timeout: every leg at once (today's ring). */
export function ringAtOnce(candidates: Target[], greetingOwner: User | null, label = 'together'): Outcome {
  return { kind: 'ring', tiers: [{ candidates, users: usersOf(candidates), label, seconds: null }], greetingOwner };
}
