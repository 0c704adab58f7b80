// One check of a shared routing case (tests/cases/routing-cases.ts) for all four runners: decide(), explain, the
// served incoming-call and the simulator. Each runner's result is first read into the cases' terms by its view below
// (what that runner can see of the call, declared once in SEES), then compared with the case's expectation in one
// toEqual: a field a runner claims to see and does not report fails the case instead of being skipped.
import type { RouteEntry } from '../../src/calls/call-log';
import type { Decision } from '../../src/routing/types';
import type { SimulationResult } from '../../src/simulator/simulate';
import type { RoutingCase } from '../cases/routing-cases';
import { legLabels, sorted } from './legs';
import { planFromTwiml, type TwimlNode } from './twiml';

export type Runner = 'decide' | 'explain' | 'incoming-call' | 'simulator';

/** A runner's result in the cases' terms. */
export interface CaseResult {
  runner: Runner;
  action?: RoutingCase['expect']['action'];
  rule?: string;
  /** The legs rung, as the cases label them, in any order. */
  legs?: string[];
  callerId?: string | null;
  timeout?: number | null;
  /** Nobody answering, the caller heard a greeting and could leave a message (what the simulator plays through). */
  voicemailWhenUnanswered?: boolean;
  /** The tiers in order, each one's legs (in any order) and seconds. */
  tiers?: { legs: string[]; seconds: number }[];
  /** The rule that decided what rings after a rule that rings first. */
  thenRule?: string;
  gather?: string | null;
  menu?: { chose: string | null; how: string | null } | null;
  screening?: string | null;
  textBack?: boolean;
  wants?: string[];
}

type Field = Exclude<keyof CaseResult, 'runner'>;

/** Fields compared only for a case that states them (every case states action, rule and legs). */
const STATED_FIELDS = ['callerId', 'timeout', 'tiers', 'thenRule', 'gather', 'menu', 'screening', 'textBack', 'wants'] as const;
const STATED: ReadonlySet<Field> = new Set<Field>(STATED_FIELDS);
/** What each runner sees of a call. */
const DECISION_FIELDS: readonly Field[] = ['action', 'rule', 'legs', ...STATED_FIELDS];
const SEES: Record<Runner, readonly Field[]> = {
  decide: DECISION_FIELDS,
  explain: DECISION_FIELDS,
  // The served functions: what they answer, every tier as rung, and the route their call log recorded (not `wants`).
  'incoming-call': DECISION_FIELDS.filter((field) => field !== 'wants'),
  simulator: ['action', 'legs', 'voicemailWhenUnanswered', 'tiers'],
};

/** A case's expectation, every field in the cases' terms (the stated-only ones undefined when the case is silent). */
function expected(routingCase: RoutingCase): Partial<Record<Field, unknown>> {
  const want = routingCase.expect;
  return {
    action: want.action,
    rule: want.rule,
    legs: sorted(want.legs ?? []),
    callerId: want.callerId,
    timeout: want.timeout,
    // Nobody answers a dial: the greeting follows (a dial always has one); a voicemail plan records straight away.
    voicemailWhenUnanswered: want.action === 'dial' || want.action === 'voicemail',
    tiers: want.tiers?.map((tier) => ({ legs: sorted(tier.legs), seconds: tier.seconds })),
    thenRule: want.thenRule,
    gather: want.gather,
    menu: want.menu,
    screening: want.screening,
    textBack: want.textBack,
    wants: want.wants,
  };
}

/** Holds a runner's result to the case: every field the runner sees, compared at once. */
export function expectCase(routingCase: RoutingCase, seen: CaseResult): void {
  const want = expected(routingCase);
  const fields = SEES[seen.runner].filter((field) => !STATED.has(field) || want[field] !== undefined);
  const pick = (result: Partial<Record<Field, unknown>>) =>
    Object.fromEntries(
      fields.map((field) => [field, field === 'legs' && Array.isArray(result.legs) ? sorted(result.legs) : result[field]]),
    );
  expect({ case: routingCase.id, runner: seen.runner, ...pick(seen) }).toEqual({
    case: routingCase.id,
    runner: seen.runner,
    ...pick(want),
  });
}

/** decide()'s decision (or explain's, as its JSON prints it). */
export function decisionView(runner: 'decide' | 'explain', decision: Decision): CaseResult {
  const applied = decision.trace.filter((entry) => entry.applied).map((entry) => entry.rule);
  return {
    runner,
    action: decision.action,
    rule: decision.rule,
    legs: legLabels(decision),
    callerId: decision.callerId,
    timeout: decision.timeout,
    tiers: decision.tiers.map((tier) => ({ legs: sorted(legLabels({ targets: tier.legs })), seconds: tier.seconds })),
    // The rule after the deciding one that also applied (what rings after a first tier), when there is one.
    ...(applied.length > 1 ? { thenRule: applied[1] } : {}),
    gather: decision.gather?.purpose ?? null,
    menu: decision.menu ? { chose: decision.menu.chose, how: decision.menu.how } : null,
    screening: decision.screening?.verdict ?? null,
    textBack: decision.textBack,
    wants: decision.wants,
  };
}

/** The trace's reasons hold each of the case's `traceSays` (why a user was skipped, the turn, the earlier call). */
export function expectTraceSays(routingCase: RoutingCase, decision: Pick<Decision, 'trace'>): void {
  const reasons = decision.trace.map((entry) => entry.reason).join('\n');
  for (const words of routingCase.expect.traceSays ?? [])
    expect({ case: routingCase.id, says: reasons.includes(words) ? words : reasons }).toEqual({ case: routingCase.id, says: words });
}

/** incoming-call's TwiML, and the rule the functions recorded for the call (its call log's route). */
export function incomingCallView(twiml: TwimlNode, loggedRule: string | undefined): CaseResult {
  const plan = planFromTwiml(twiml);
  return {
    runner: 'incoming-call',
    action: plan.action,
    rule: loggedRule,
    legs: plan.legs,
    callerId: plan.callerId,
    timeout: plan.timeout,
  };
}

/** One ring tier as the served functions rang it: its <Dial>'s legs (as the cases label them) and timeout. */
export interface RungTier {
  legs: string[];
  seconds: number;
}

/**
 * A call the served functions took as far as it goes with nobody answering: their last answer (after every prompt the
 * case answers), every tier as rung one <Dial> after another, and the route their call log recorded (the rule, what the
 * caller is asked, the menu option taken, what spam protection did, whether the caller is texted back).
 */
export function servedCallView(lastAnswer: TwimlNode, route: RouteEntry | null | undefined, tiers: RungTier[]): CaseResult {
  const plan = planFromTwiml(lastAnswer);
  const applied = (route?.trace ?? []).filter((entry) => entry.applied).map((entry) => entry.rule);
  return {
    runner: 'incoming-call',
    action: plan.action,
    rule: route?.rule,
    // A leg rung in two tiers (the sticky agent's user, then the route as usual) is one leg of the route.
    legs: tiers.length ? [...new Set(tiers.flatMap((tier) => tier.legs))] : plan.legs,
    callerId: plan.callerId,
    // How long the whole ring lasts: every tier's seconds.
    timeout: tiers.length ? tiers.reduce((sum, tier) => sum + tier.seconds, 0) : plan.timeout,
    tiers: tiers.map((tier) => ({ legs: sorted(tier.legs), seconds: tier.seconds })),
    ...(applied.length > 1 ? { thenRule: applied[1] } : {}),
    gather: route?.gather ?? null,
    menu: route?.menu ? { chose: route.menu.chose, how: route.menu.how } : null,
    screening: route?.screening?.verdict ?? null,
    // The log says textBack only when false; a rejected call is no missed call, so never texted either.
    textBack: route?.textBack !== false && route?.action !== 'reject',
  };
}

/**
 * A simulated call nobody answered: what it rang (each <Dial> as a tier, in order), and how it ended; a call that
 * asked once more after the case's answers (the caller hung up at that prompt) is the case's `gather`.
 */
export function simulationView(result: Pick<SimulationResult, 'outcome' | 'legs' | 'voicemail' | 'dials' | 'prompts'>): CaseResult {
  const digits = new Map(result.legs.map((leg) => [leg.leg, leg.sendDigits]));
  const label = (leg: string) => leg + (digits.get(leg) ? `:${digits.get(leg)}` : '');
  const legs = result.legs.map((leg) => label(leg.leg));
  const askedAgain = result.prompts.at(-1)?.answer === null;
  const action =
    result.outcome === 'rejected'
      ? 'reject'
      : result.outcome === 'answered'
        ? undefined
        : askedAgain
          ? 'gather'
          : legs.length > 0
            ? 'dial'
            : result.voicemail
              ? 'voicemail'
              : 'hangup';
  const tiers = result.dials.map((dial) => ({ legs: sorted(dial.legs.map(label)), seconds: dial.seconds }));
  return { runner: 'simulator', action, legs, voicemailWhenUnanswered: result.voicemail, tiers };
}
