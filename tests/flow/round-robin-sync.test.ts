// Round robin against Sync (the API double behind Prism, issue 20): each call raises its number's counter in the
// state shards and starts at the next user; when Sync refuses the counter (429, error 54009: over its per-object
// rate) or fails (500), the call still rings, starting at a random user, and its route says why.
import { parseBundle } from '../../src/config/parse';
import type { RouteEntry } from '../../src/calls/call-log';
import { StateShards } from '../../src/state/shards';
import { SyncStateStore } from '../../src/sync/state-store';
import { callLogOf } from '../support/call-log';
import { ring } from '../support/drive-call';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi, type FaultKind } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { TIERS, TIERS_BUNDLE } from './tiers-fixture';

const api = useTwilioApi({ clearFaults: true });
let server: FunctionsServer;
let callLog: ReturnType<typeof callLogOf>;
/** The map holding the round-robin line's counter: its shard of the workspace's `callers` maps. */
const counterMap = new StateShards().mapFor('callers', 'tiers', TIERS.roundRobin);

beforeAll(async () => {
  const serviceSid = await serviceWithBundle(api, parseBundle(TIERS_BUNDLE));
  callLog = callLogOf(new SyncStateStore(gatewayFor(api, serviceSid)), ['tiers']);
  server = await startFunctions(syncEnv(api, serviceSid));
});
afterAll(() => server?.stop());

let callers = 0;
const caller = () => `+15550697${String((callers += 1)).padStart(3, '0')}`;
const ORDER = [`number:${TIERS.bob}`, 'client:tiers_carol_web', `number:${TIERS.dan}`];

/** One call to the round-robin line: the user it starts at, and the turn its route recorded. */
async function oneCall(): Promise<{ start: string; rotation: RouteEntry['rotation'] }> {
  const call = await ring(server, { to: TIERS.roundRobin, from: caller() });
  const route = await callLog.readStep<RouteEntry>(call.callSid, 'route');
  return { start: call.legs.map((leg) => leg.label).sort()[0]!, rotation: route?.rotation };
}

test('turns advance per call, counted in Sync', async () => {
  const calls = [await oneCall(), await oneCall(), await oneCall()];
  expect(calls).toEqual([
    { start: ORDER[0], rotation: { turn: 0, source: 'counter' } },
    { start: ORDER[1], rotation: { turn: 1, source: 'counter' } },
    { start: ORDER[2], rotation: { turn: 2, source: 'counter' } },
  ]);
});

const FAULTS: { kind: FaultKind; why: string }[] = [
  { kind: 'rate-limit', why: "over Sync's per-object rate (429)" },
  { kind: 'server-error', why: 'could not be kept' },
];

test.each(FAULTS)('the counter refused ($kind): the call rings from a random user, and says why', async ({ kind, why }) => {
  // Every request to the counter's map fails; the rest of Sync answers.
  api.double.faults.set({ kind, product: 'sync', match: (request) => request.path.includes(`/Maps/${counterMap}/`) });
  const { start, rotation } = await oneCall();
  expect(ORDER).toContain(start);
  expect(rotation).toEqual({ turn: expect.any(Number), source: 'random', why: expect.stringContaining(why) });
  // The turn it drew decides the start, as a counted one would.
  expect(start).toBe(ORDER[rotation!.turn % 3]);
  api.double.faults.clear();
  // Sync answers again: the counter goes on where it was.
  expect((await oneCall()).rotation).toMatchObject({ source: 'counter' });
});
