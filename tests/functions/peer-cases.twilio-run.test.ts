// The shared routing cases of issue 20 (PEER_CASES) that a call can reach without pressing a key, run against the
// served functions under twilio-run with signed requests: incoming-call, then every later tier as Twilio reaches it
// (dial-complete's answer to a tier nobody answered), so the tiers compared are the ones the functions really rang.
// What a case gives decide() as an input is put where the functions read it: StirVerstat on the request, the
// round-robin turn as the number's counter and the user who last answered as the caller's item in the state shards.
// Cases that need a key press (the menu, the challenge) run when gather-complete is served; a random turn cannot be
// served on purpose (it is drawn), and the counter's fallback has its own test (tests/flow/round-robin-sync.test.ts).
import type { RouteEntry } from '../../src/calls/call-log';
import { lastAnsweredKey } from '../../src/calls/last-answered';
import { turnKey } from '../../src/calls/round-robin';
import { LocalStateStore } from '../../src/state/local-store';
import { StateShards } from '../../src/state/shards';
import { PEER_CASES, FIXTURE, callInputOf, type RoutingCase } from '../cases/routing-cases';
import { callLogOf } from '../support/call-log';
import { callIn, nextTier, send, unansweredDial, type CallInProgress } from '../support/drive-call';
import { expectCase, type CaseResult } from '../support/expect-case';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { planFromTwiml } from '../support/twiml';

let server: FunctionsServer;
const shards = new StateShards();
const YEAR_SECONDS = 365 * 24 * 60 * 60;

beforeAll(async () => {
  server = await startFunctions({ CONFIG_FILE: writeTempJson('peer-fixture.json', FIXTURE), ALLOW_SIMULATED_CLOCK: 'true' });
});
afterAll(() => server?.stop());

/** Whether the served functions can reach the case's route: no key to press, no turn drawn at random, no earlier calls. */
const served = (routingCase: RoutingCase) =>
  routingCase.expect.action !== 'gather' &&
  !routingCase.presses?.length &&
  routingCase.rotation?.source !== 'random' &&
  routingCase.callsThisMinute === undefined;

const workspaceOf = (number: string) =>
  FIXTURE.workspaces.find((workspace) => workspace.numbers?.some((entry) => entry.number === number))!.id;

/**
 * The functions' state as it stands at the case's instant: they run on the case's simulated clock, so what they
 * keep lives from then (its expiry too).
 */
const storeAt = (routingCase: RoutingCase) => new LocalStateStore(server.stateDir, () => Date.parse(routingCase.at));

/** The case's inputs where the functions read them: the number's round-robin counter, the caller's last answer. */
async function placeInputs(store: LocalStateStore, routingCase: RoutingCase): Promise<void> {
  const workspace = workspaceOf(routingCase.to);
  const counterMap = shards.mapFor('callers', workspace, routingCase.to);
  // The counter counted T calls gives the call turn T (none: turn 0). Counted by the store itself, from nothing.
  for (const item of await store.list(counterMap, turnKey(routingCase.to))) await store.remove(counterMap, item.key);
  for (let turn = 0; turn < (routingCase.rotation?.turn ?? 0); turn += 1)
    await store.countUp(counterMap, turnKey(routingCase.to), Number.MAX_SAFE_INTEGER - 1, YEAR_SECONDS);
  const answeredMap = shards.mapFor('callers', workspace, routingCase.from);
  // The case's call is its caller's first of the minute (the abuse guard's count starts again for each case).
  for (const item of await store.list(answeredMap, `guard:${routingCase.from}:`)) await store.remove(answeredMap, item.key);
  const answered = callInputOf(routingCase).lastAnswered;
  if (answered) await store.put(answeredMap, lastAnsweredKey(routingCase.from), { ...answered }, YEAR_SECONDS);
  else await store.remove(answeredMap, lastAnsweredKey(routingCase.from));
}

let calls = 0;
const callSidOf = () => `CA${'e'.repeat(20)}${String((calls += 1)).padStart(12, '0')}`;

/** The call as the functions ring it: each tier's legs and seconds, nobody answering, until no tier follows. */
async function ringEveryTier(call: CallInProgress): Promise<{ legs: string[]; seconds: number }[]> {
  const tiers: { legs: string[]; seconds: number }[] = [];
  let current: CallInProgress | null = call;
  while (current?.dial && tiers.length < 10) {
    tiers.push({ legs: planFromTwiml(current.twiml).legs.sort(), seconds: Number(current.dial.attrs.timeout) });
    const answer = await send(server, unansweredDial(current, 'no-answer'));
    current = answer.twiml.children.some((verb) => verb.name === 'Dial') ? nextTier(current, answer) : null;
  }
  return tiers;
}

describe('issue 20 routing cases against the served functions, every tier rung', () => {
  const cases = PEER_CASES.filter(served);

  test('the served cases are most of the table (the rest need a key press or a random draw)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  test.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, routingCase) => {
    const store = storeAt(routingCase);
    await placeInputs(store, routingCase);
    const extra: Record<string, string> = { SimulatedAt: routingCase.at };
    if (routingCase.stir !== undefined) extra.StirVerstat = routingCase.stir;
    const call = await callIn(server, { to: routingCase.to, from: routingCase.from, callSid: callSidOf(), extra });
    const plan = planFromTwiml(call.twiml);
    const route = await callLogOf(store, [workspaceOf(routingCase.to)]).readStep<RouteEntry>(call.callSid, 'route');
    const tiers = await ringEveryTier(call);
    const seen: CaseResult = {
      runner: 'incoming-call',
      action: plan.action,
      rule: route?.rule,
      legs: tiers.length ? tiers.flatMap((tier) => tier.legs) : plan.legs,
      callerId: plan.callerId,
      // How long the whole ring lasts: every tier's seconds (one tier: its <Dial timeout>).
      timeout: tiers.length ? tiers.reduce((sum, tier) => sum + tier.seconds, 0) : plan.timeout,
    };
    // A leg rung in two tiers (the sticky agent's user, then the route as usual) is one leg of the route.
    seen.legs = [...new Set(seen.legs)];
    expectCase(routingCase, seen);
    // The tiers as rung, in order, for a case that states them (each tier's legs in any order).
    const want = routingCase.expect.tiers;
    if (want)
      expect({ case: routingCase.id, tiers }).toEqual({
        case: routingCase.id,
        tiers: want.map((tier) => ({ legs: [...tier.legs].sort(), seconds: tier.seconds })),
      });
  });
});
