// One check of a shared routing case (tests/cases/routing-cases.ts) for all four runners: decide(), explain, the
// served incoming-call and the simulator. Each runner's result is first read into the cases' terms by its view below
// (what that runner can see of the call, declared once in SEES), then compared with the case's expectation in one
// toEqual: a field a runner claims to see and does not report fails the case instead of being skipped.
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
}

type Field = Exclude<keyof CaseResult, 'runner'>;

/** What each runner sees of a call. callerId and timeout are compared only for a case that states them. */
const SEES: Record<Runner, readonly Field[]> = {
  decide: ['action', 'rule', 'legs', 'callerId', 'timeout'],
  explain: ['action', 'rule', 'legs', 'callerId', 'timeout'],
  'incoming-call': ['action', 'rule', 'legs', 'callerId', 'timeout'],
  simulator: ['action', 'legs', 'voicemailWhenUnanswered'],
};

/** A case's expectation, every field in the cases' terms. */
function expected(
  routingCase: RoutingCase,
): Required<Omit<CaseResult, 'runner' | 'callerId' | 'timeout'>> & Pick<CaseResult, 'callerId' | 'timeout'> {
  const want = routingCase.expect;
  return {
    action: want.action,
    rule: want.rule,
    legs: sorted(want.legs ?? []),
    callerId: want.callerId,
    timeout: want.timeout,
    // Nobody answers a dial: the greeting follows (a dial always has one); a voicemail plan records straight away.
    voicemailWhenUnanswered: want.action === 'dial' || want.action === 'voicemail',
  };
}

/** Holds a runner's result to the case: every field the runner sees, compared at once. */
export function expectCase(routingCase: RoutingCase, seen: CaseResult): void {
  const want = expected(routingCase);
  const fields = SEES[seen.runner].filter((field) => (field !== 'callerId' && field !== 'timeout') || want[field] !== undefined);
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
export function decisionView(
  runner: 'decide' | 'explain',
  decision: Pick<Decision, 'action' | 'rule' | 'targets' | 'callerId' | 'timeout'>,
): CaseResult {
  return {
    runner,
    action: decision.action as CaseResult['action'],
    rule: decision.rule,
    legs: legLabels(decision),
    callerId: decision.callerId,
    timeout: decision.timeout,
  };
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

/** A simulated call nobody answered: what it rang, and how it ended. */
export function simulationView(result: Pick<SimulationResult, 'outcome' | 'legs' | 'voicemail'>): CaseResult {
  const legs = result.legs.map((leg) => leg.leg + (leg.sendDigits ? `:${leg.sendDigits}` : ''));
  const action =
    result.outcome === 'rejected'
      ? 'reject'
      : result.outcome === 'answered'
        ? undefined
        : legs.length > 0
          ? 'dial'
          : result.voicemail
            ? 'voicemail'
            : 'hangup';
  return { runner: 'simulator', action, legs, voicemailWhenUnanswered: result.voicemail };
}
