// The abuse guard, counted atomically in Sync (on the API double, behind Prism) with a TTL: a caller over
// the workspace's per-minute limit is rejected without ringing anyone or texting, and logged; other
// callers are unaffected; the count starts again the next minute.
import { parseBundle } from '../../src/config';

import { callSid, FLOW, FLOW_BUNDLE } from '../flow/fixture';
import { serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api';
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
