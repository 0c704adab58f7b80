// Load on one local server (twilio-run, functions kept loaded as in a warm container): concurrent
// incoming calls and concurrent duplicate dial-complete deliveries. No 5xx, no lost call-log entries,
// exactly one text per missed call. `npm run test:stress` raises the counts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callLogMap, callPlace } from '../../src/calls/call-log';
import { encodeCallbackState } from '../../src/calls/callback-state';
import { StateShards } from '../../src/state/shards';
import { LocalStateStore } from '../../src/state/local-store';
import { OUTBOX_MAP } from '../../src/textback/messenger';
import { callSid, FLOW, FLOW_BUNDLE } from '../flow/fixture';
import { sorted, writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml, planFromTwiml } from '../support/twiml';

const CALLS = Number(process.env.LOAD_CALLS ?? 200);
const DUPLICATES = Number(process.env.LOAD_DUPLICATES ?? 100);
const stateDir = mkdtempSync(join(tmpdir(), 'load-state-'));
const store = new LocalStateStore(stateDir);
let server: FunctionsServer;

beforeAll(async () => {
  const bundle = structuredClone(FLOW_BUNDLE);
  bundle.workspaces[0]!.textBack = { enabled: true, windowMinutes: 20 };
  server = await startFunctions({ CONFIG_FILE: writeTempJson('flow.json', bundle), LOCAL_STATE_DIR: stateDir });
});
afterAll(() => server?.stop());

test(`${CALLS} concurrent incoming calls: every one answered with TwiML, every route in the call log`, async () => {
  const calls = Array.from({ length: CALLS }, (_, i) => ({
    CallSid: callSid(),
    To: i % 2 ? FLOW.connectLine : FLOW.groupLine,
    From: `+1555071${String(i).padStart(4, '0')}`,
  }));
  const responses = await Promise.all(calls.map((params) => server.post('/incoming-call', params)));
  expect(responses.filter((response) => response.status !== 200)).toEqual([]);
  // Each routed as configured, not to a fallback: the connect line rings Ann, the group line Ben and Cat.
  const ringing = {
    [FLOW.connectLine]: ['client:flow_ann_web', `number:${FLOW.annPhone}`],
    [FLOW.groupLine]: [`number:${FLOW.benPhone}`, 'client:flow_cat_mobile'],
  };
  const unexpected = responses
    .map((response, i) => ({ to: calls[i]!.To, legs: sorted(planFromTwiml(parseTwiml(response.body)).legs) }))
    .filter(({ to, legs }) => JSON.stringify(legs) !== JSON.stringify(sorted(ringing[to]!)));
  expect(unexpected).toEqual([]);
  // Each call's route, in its shard of workspace flow (the shard count is the functions' default).
  const shards = new StateShards();
  const logged = new Set((await Promise.all(shards.mapsOf('calls', 'flow').map((map) => store.list(map)))).flat().map((item) => item.key));
  expect(calls.filter((call) => !logged.has(`${call.CallSid}:route`))).toEqual([]);
});

test(`${DUPLICATES} concurrent deliveries of one missed call's dial-complete: exactly one text`, async () => {
  const from = '+15550720001';
  const params = {
    CallSid: callSid(),
    To: FLOW.plainLine,
    From: from,
    CallStatus: 'in-progress',
    DialCallStatus: 'no-answer',
    DialBridged: 'false',
  };
  // The <Dial action> as incoming-call names it: with the call's place (its shard of workspace flow).
  const place = callPlace(new StateShards(), 'flow', params.CallSid);
  const action = `/dial-complete?${new URLSearchParams(encodeCallbackState({ place })).toString()}`;
  const responses = await Promise.all(Array.from({ length: DUPLICATES }, () => server.post(action, params)));
  expect(responses.filter((response) => response.status !== 200)).toEqual([]);
  for (const response of responses) expect(parseTwiml(response.body).children.map((verb) => verb.name)).toEqual(['Say', 'Record']);
  const texts = (await store.list(OUTBOX_MAP)).filter((item) => item.data.to === from);
  expect(texts).toHaveLength(1);
  expect(texts[0]!.data).toMatchObject({ to: from, from: FLOW.plainLine, body: expect.stringContaining('Flow Co') });
  // The call log keeps what was done (the text, in the outbox), never a duplicate's "already sent".
  expect(await store.get(callLogMap(place), `${params.CallSid}:textback`)).toMatchObject({
    status: 'outbox',
    to: from,
    body: texts[0]!.data.body,
  });
});
