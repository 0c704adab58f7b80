// Faults at the Twilio API double (Sync answering 500, 429 with 54009, hanging past the deadline or
// dropping the connection; Messages failing): every call still gets TwiML that routes sensibly within
// 3 s, the call log records the fault, and no text is ever sent twice.
import { parseBundle } from '../../src/config';
import { CallLog, type RouteEntry } from '../../src/calls/call-log';
import { createStepLog } from '../../src/log/step-log';
import { SyncStateStore } from '../../src/state/sync-store';
import { callSid, FLOW, FLOW_BUNDLE } from '../flow/fixture';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi, type FaultKind } from '../support/twilio-api';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml, planFromTwiml } from '../support/twiml';

const api = useTwilioApi({ clearFaults: true });

const KINDS: FaultKind[] = ['server-error', 'rate-limit', 'hang', 'drop'];
const DEADLINE_MS = 3000;
let server: FunctionsServer;
let callLog: CallLog;

beforeAll(async () => {
  const bundle = structuredClone(FLOW_BUNDLE);
  bundle.workspaces[0]!.textBack = { enabled: true, windowMinutes: 20 };
  const serviceSid = await serviceWithBundle(api, parseBundle(bundle));
  callLog = new CallLog(new SyncStateStore(gatewayFor(api, serviceSid)), createStepLog('test'));
  // A warm container: functions stay loaded, so the last good configuration stays in memory.
  server = await startFunctions(
    { ...syncEnv(api, serviceSid), CONFIG_CACHE_SECONDS: '0', SYNC_TIMEOUT_MS: '400', FALLBACK_NUMBER: '+15550600001' },
    { forkProcess: false, extraArgs: ['--no-live'] },
  );
  await server.post('/incoming-call', { CallSid: callSid(), To: FLOW.plainLine, From: FLOW.stranger });
});
afterAll(() => server?.stop());

async function timedPost(path: string, params: Record<string, string>) {
  const started = Date.now();
  const response = await server.post(path, params);
  return { ...response, elapsed: Date.now() - started };
}

describe.each(KINDS)('Sync %s', (kind) => {
  test('on the configuration documents: routed from the last good copy within 3 s, and the call log says so', async () => {
    api.double.faults.set({ kind, product: 'sync', match: /\/Documents\// });
    const sid = callSid();
    const response = await timedPost('/incoming-call', { CallSid: sid, To: FLOW.plainLine, From: FLOW.stranger });
    expect(response.status).toBe(200);
    expect(response.elapsed).toBeLessThan(DEADLINE_MS);
    expect(planFromTwiml(parseTwiml(response.body))).toMatchObject({ action: 'dial', legs: [`number:${FLOW.benPhone}`] });
    api.double.faults.clear();
    const route = await callLog.readStep<RouteEntry>(sid, 'route');
    expect(route?.warnings?.join('\n')).toMatch(/serving the last good copy of number_15550600101/);
  });

  test('on all of Sync: the call is still routed within 3 s (the call log cannot be written, and the log says why)', async () => {
    api.double.faults.set({ kind, product: 'sync' });
    const sid = callSid();
    const response = await timedPost('/incoming-call', { CallSid: sid, To: FLOW.plainLine, From: '+15550730001' });
    expect(response.status).toBe(200);
    expect(response.elapsed).toBeLessThan(DEADLINE_MS);
    expect(planFromTwiml(parseTwiml(response.body))).toMatchObject({ action: 'dial', legs: [`number:${FLOW.benPhone}`] });
    expect(server.output()).toContain(`[incoming-call ${sid}] call log: could not record route; the call goes on`);
  });

  test('during a missed call: voicemail within 3 s, no text while the claims cannot be made, one text on retry', async () => {
    const from = `+1555074${String(KINDS.indexOf(kind)).padStart(4, '0')}`;
    const sid = callSid();
    api.double.faults.set({ kind, product: 'sync', match: /\/Maps\// });
    const params = { CallSid: sid, To: FLOW.plainLine, From: from, CallStatus: 'in-progress', DialCallStatus: 'no-answer', DialBridged: 'false' };
    const missed = await timedPost('/dial-complete', params);
    expect(missed.elapsed).toBeLessThan(DEADLINE_MS);
    expect(parseTwiml(missed.body).children.map((verb) => verb.name)).toEqual(['Say', 'Record']);
    expect(api.double.messages.filter((message) => message.to === from)).toHaveLength(0);
    api.double.faults.clear();
    await server.post('/incoming-call', { CallSid: sid, To: FLOW.plainLine, From: from });
    for (let attempt = 0; attempt < 3; attempt += 1) await server.post('/sms-textback', { CallSid: sid });
    await server.post('/dial-complete', params);
    expect(api.double.messages.filter((message) => message.to === from)).toHaveLength(1);
  });
});

test('Messages failing: the text is recorded as failed, nothing goes out twice, and a retry sends exactly one', async () => {
  const from = '+15550730009';
  const sid = callSid();
  await server.post('/incoming-call', { CallSid: sid, To: FLOW.plainLine, From: from });
  api.double.faults.set({ kind: 'server-error', product: 'api', match: /Messages/ });
  const params = { CallSid: sid, To: FLOW.plainLine, From: from, CallStatus: 'in-progress', DialCallStatus: 'busy', DialBridged: 'false' };
  const missed = await timedPost('/dial-complete', params);
  expect(missed.elapsed).toBeLessThan(DEADLINE_MS);
  expect(parseTwiml(missed.body).children.map((verb) => verb.name)).toEqual(['Say', 'Record']);
  expect(await callLog.readStep(sid, 'textback')).toMatchObject({ status: 'failed', reason: 'send-failed' });
  api.double.faults.clear();
  const retries = await Promise.all(Array.from({ length: 5 }, () => server.post('/sms-textback', { CallSid: sid })));
  expect(retries.map((retry) => JSON.parse(retry.body).status).sort()).toEqual(['sent', 'skipped', 'skipped', 'skipped', 'skipped']);
  await server.post('/dial-complete', params);
  expect(api.double.messages.filter((message) => message.to === from)).toHaveLength(1);
});
