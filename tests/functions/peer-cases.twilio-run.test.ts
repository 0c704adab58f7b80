// The shared routing cases of issue 20 (PEER_CASES) run against the served functions under twilio-run, every request
// signed as Twilio signs it and every URL taken from the TwiML as the functions wrote it: incoming-call, then each
// prompt the case answers (gather-complete, posted each of the case's `presses` as Twilio posts a key, words or
// nothing), then every later tier as Twilio reaches it (dial-complete's answer to a tier nobody answered), so the
// tiers compared are the ones the functions really rang. What a case gives decide() as an input is put where the
// functions read it: StirVerstat on the incoming-call request (later steps get it from what the call carries), the
// round-robin turn as the number's counter and the user who last answered as the caller's item in the state shards.
// The comparison is the case table's (expectCase), with the rule, the prompt, the menu option and the screening
// as the call log's route records them. One row is left out: a random turn (rotation source 'random') cannot be served,
// since the functions draw it themselves when the counter fails; the counter's fallback has its own test
// (tests/flow/round-robin-sync.test.ts).
import type { RouteEntry } from '../../src/calls/call-log';
import { lastAnsweredKey } from '../../src/calls/last-answered';
import { turnKey } from '../../src/calls/round-robin';
import { LocalStateStore } from '../../src/state/local-store';
import { StateShards } from '../../src/state/shards';
import { PEER_CASES, FIXTURE, callInputOf, type RoutingCase } from '../cases/routing-cases';
import { callLogOf } from '../support/call-log';
import {
  callIn,
  nextTier,
  promptAnswered,
  send,
  unansweredDial,
  type CallInProgress,
  type PromptAnswer,
  type Step,
} from '../support/drive-call';
import { expectCase, servedCallView, type RungTier } from '../support/expect-case';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { planFromTwiml, verbsOf } from '../support/twiml';

let server: FunctionsServer;
const shards = new StateShards();
const YEAR_SECONDS = 365 * 24 * 60 * 60;

beforeAll(async () => {
  server = await startFunctions({ CONFIG_FILE: writeTempJson('peer-fixture.json', FIXTURE), ALLOW_SIMULATED_CLOCK: 'true' });
});
afterAll(() => server?.stop());

/** Whether the served functions can reach the case's route: every one but a turn drawn at random. */
const served = (routingCase: RoutingCase) => routingCase.rotation?.source !== 'random';

const workspaceOf = (number: string) =>
  FIXTURE.workspaces.find((workspace) => workspace.numbers?.some((entry) => entry.number === number))!.id;

/**
 * The functions' state as it stands at the case's instant: they run on the case's simulated clock, so what they
 * keep lives from then (its expiry too).
 */
const storeAt = (routingCase: RoutingCase) => new LocalStateStore(server.stateDir, () => Date.parse(routingCase.at));

/** The case's inputs where the functions read them: the number's round-robin counter, the caller's last answer. */
async function placeInputs(store: LocalStateStore, routingCase: RoutingCase): Promise<void> {
  // The abuse guard's cases (earlier calls in the minute) are the shared runner's; none is issue 20's.
  if (routingCase.callsThisMinute !== undefined) throw new Error(`${routingCase.id}: this runner places no earlier calls`);
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

/** A case's answer at a prompt as Twilio posts it: "" is nothing at all, a key is Digits, anything else spoken words. */
const promptAnswer = (press: string): PromptAnswer =>
  press === '' ? { nothing: 'absent' } : /^[0-9*#]$/.test(press) ? { digits: press } : { speech: press };

/**
 * The case's answers, one to each prompt the functions ask (a <Gather>), in order; the functions' last answer. Later
 * requests carry what Twilio sends on every request of the call (the simulated clock), not StirVerstat.
 */
async function answerPrompts(call: CallInProgress, routingCase: RoutingCase, later: Record<string, string>): Promise<Step> {
  let answer = call.incoming;
  for (const [index, press] of (routingCase.presses ?? []).entries()) {
    if (!verbsOf(answer.twiml).includes('Gather'))
      throw new Error(`${routingCase.id}: answer ${index + 1} (${JSON.stringify(press)}) has no prompt to go to: ${verbsOf(answer.twiml)}`);
    answer = await send(server, promptAnswered({ ...call, extra: later }, answer.twiml, promptAnswer(press)));
  }
  return answer;
}

/** The call as the functions ring it: each tier's legs and seconds, nobody answering, until no tier follows. */
async function ringEveryTier(first: CallInProgress | null): Promise<RungTier[]> {
  const tiers: RungTier[] = [];
  let current = first;
  while (current?.dial && tiers.length < 10) {
    tiers.push({ legs: planFromTwiml(current.twiml).legs, seconds: Number(current.dial.attrs.timeout) });
    const answer = await send(server, unansweredDial(current, 'no-answer'));
    current = answer.twiml.children.some((verb) => verb.name === 'Dial') ? nextTier(current, answer) : null;
  }
  return tiers;
}

describe('issue 20 routing cases against the served functions: every prompt answered, every tier rung', () => {
  const cases = PEER_CASES.filter(served);

  test('every case is served but the random turn', () => {
    expect(PEER_CASES.filter((routingCase) => !served(routingCase)).map((routingCase) => routingCase.id)).toEqual([
      'peer-round-robin-random',
    ]);
  });

  test.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, routingCase) => {
    const store = storeAt(routingCase);
    await placeInputs(store, routingCase);
    const later: Record<string, string> = { SimulatedAt: routingCase.at };
    const extra = routingCase.stir === undefined ? later : { ...later, StirVerstat: routingCase.stir };
    const call = await callIn(server, { to: routingCase.to, from: routingCase.from, callSid: callSidOf(), extra });
    const last = await answerPrompts(call, routingCase, later);
    // The route as the last step that decided the call recorded it (incoming-call, or gather-complete after a prompt).
    const route = await callLogOf(store, [workspaceOf(routingCase.to)]).readStep<RouteEntry>(call.callSid, 'route');
    const dials = last.twiml.children.some((verb) => verb.name === 'Dial');
    const tiers = await ringEveryTier(dials ? nextTier({ ...call, extra: later }, last) : null);
    expectCase(routingCase, servedCallView(last.twiml, route, tiers));
  });
});
