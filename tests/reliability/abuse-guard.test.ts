// The abuse guard, counted atomically in Sync (on the API double, behind Prism) with a TTL: a caller over
// the workspace's per-minute limit is rejected without ringing anyone or texting, and logged; other
// callers are unaffected; the count starts again the next minute.
import type { RouteEntry } from '../../src/calls/call-log';
import { CallHistory } from '../../src/calls/history';
import { impactOnHistory } from '../../src/calls/impact';
import { parseBundle } from '../../src/config/parse';
import { createStepLog } from '../../src/log/step-log';
import { StateShards } from '../../src/state/shards';
import { SyncStateStore } from '../../src/sync/state-store';
import { callLogOf } from '../support/call-log';

import { callSid, FLOW, FLOW_BUNDLE } from '../flow/fixture';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml } from '../support/twiml';
import { stateMapOf } from '../support/shards';

const api = useTwilioApi();

const LIMIT = 3;
let server: FunctionsServer;
let serviceSid: string;

beforeAll(async () => {
  const bundle = structuredClone(FLOW_BUNDLE);
  bundle.workspaces[0]!.inbound = { maxCallsPerCallerPerMinute: LIMIT };
  bundle.workspaces[0]!.textBack = { enabled: true, windowMinutes: 0 };
  serviceSid = await serviceWithBundle(api, parseBundle(bundle));
  // Sync's deadline as its sibling (abuse-guard-requests) has it: under load a slow answer must not pass for a fault.
  server = await startFunctions({ ...syncEnv(api, serviceSid), ALLOW_SIMULATED_CLOCK: 'true', SYNC_TIMEOUT_MS: '5000' });
});
afterAll(() => server?.stop());

const call = (from: string, at: string, sid = callSid()) =>
  server
    .post('/incoming-call', { CallSid: sid, To: FLOW.plainLine, From: from, SimulatedAt: at })
    .then((response) => ({ sid, verbs: parseTwiml(response.body).children }));

test(`the ${LIMIT + 1}th call in a minute is rejected as busy, rings nobody, texts nobody, and is logged`, async () => {
  const spammer = '+15550750001';
  const at = '2026-11-23T15:00:10Z';
  const results = [];
  for (let i = 0; i < LIMIT + 2; i += 1) results.push(await call(spammer, at));
  expect(results.map((result) => result.verbs[0]?.name)).toEqual([...Array(LIMIT).fill('Dial'), 'Reject', 'Reject']);
  expect(results[LIMIT]!.verbs[0]!.attrs.reason).toBe('busy');
  expect(server.output()).toContain(
    `[incoming-call ${results[LIMIT]!.sid}] abuse guard: ${spammer} called flow more than ${LIMIT} times this minute; rejected without ringing or texting`,
  );
  expect(api.double.messages.filter((message) => message.to === spammer)).toEqual([]);

  // Another caller in the same minute is unaffected; the spammer is let in again the next minute.
  expect((await call('+15550750002', at)).verbs[0]!.name).toBe('Dial');
  expect((await call(spammer, '2026-11-23T15:01:05Z')).verbs[0]!.name).toBe('Dial');
});

test(`ten simultaneous calls from one caller: exactly ${LIMIT} ring`, async () => {
  const results = await Promise.all(Array.from({ length: 10 }, () => call('+15550750003', '2026-11-23T16:00:00Z')));
  expect(results.filter((result) => result.verbs[0]?.name === 'Dial')).toHaveLength(LIMIT);
  expect(results.filter((result) => result.verbs[0]?.name === 'Reject')).toHaveLength(10 - LIMIT);
});

test("the guard's verdict is a route of the table: rule abuse-guard with its trace and count, replayed by an impact", async () => {
  const caller = '+15550750005';
  const results = [];
  for (let i = 0; i < LIMIT + 1; i += 1) results.push(await call(caller, '2026-11-23T18:00:10Z'));
  const store = new SyncStateStore(gatewayFor(api, serviceSid));
  const log = callLogOf(store, ['flow']);
  const routes = await Promise.all(results.map((result) => log.readStep<RouteEntry>(result.sid, 'route')));
  const ringing = routes[0]!.rule;
  expect(ringing).not.toBe('abuse-guard');
  // Each call's route keeps the guard's count; the one over the limit was decided by the table's abuse-guard rule.
  expect(routes.map((route) => [route?.rule, route?.callerCalls])).toEqual([
    ...Array.from({ length: LIMIT }, (_, i) => [ringing, i + 1]),
    ['abuse-guard', LIMIT + 1],
  ]);
  expect(routes[LIMIT]).toMatchObject({ action: 'reject', legs: [], reason: `${caller} called flow more than ${LIMIT} times this minute` });
  expect(routes[LIMIT]!.trace?.filter((entry) => entry.applied).map((entry) => entry.rule)).toEqual(['abuse-guard']);

  // The impact of a raised limit on the history: the turned-away call would now ring, the others are unchanged.
  const raised = structuredClone(FLOW_BUNDLE);
  raised.workspaces[0]!.inbound = { maxCallsPerCallerPerMinute: LIMIT + 1 };
  const history = new CallHistory(store, new StateShards(), createStepLog('test'), 'the test service');
  const report = await impactOnHistory(history, parseBundle(raised), new Date('2026-11-23T18:00:00Z'), ['flow']);
  expect(report.changes.filter((change) => change.from === caller)).toEqual([
    expect.objectContaining({
      callSid: results[LIMIT]!.sid,
      before: { rule: 'abuse-guard', legs: [] },
      after: expect.objectContaining({ rule: ringing }),
    }),
  ]);
});

test('the counts live in a Sync Map with a TTL: they are gone once it passes', async () => {
  await call('+15550750004', '2026-11-23T17:00:00Z');
  const slots = () =>
    (api.double.sync.mapItems(serviceSid, stateMapOf('callers', 'flow', '+15550750004'), api.double.clock.now()) ?? []).filter((item) =>
      item.key.startsWith('guard:+15550750004:'),
    );
  expect(slots().length).toBe(1);
  api.double.clock.advance(121_000);
  expect(slots().length).toBe(0);
});
