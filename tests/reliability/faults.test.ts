// Faults at the Twilio API double (Sync answering 500, 429 with 54009, hanging past the deadline or
// dropping the connection; Messages failing): every call still gets TwiML that routes sensibly, Sync is
// asked a bounded number of times (each ended by its error or by SYNC_TIMEOUT_MS), the call log records the
// fault, and no text is ever sent twice.
import { parseBundle } from '../../src/config/parse';
import type { RouteEntry } from '../../src/calls/call-log';
import { SyncStateStore } from '../../src/sync/state-store';
import { callClaimKey } from '../../src/state/shards';
import { callSid, FLOW, FLOW_BUNDLE } from '../flow/fixture';
import { callIn, send, unansweredDial, type TwilioRequest } from '../support/drive-call';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi, type FaultKind } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml, planFromTwiml } from '../support/twiml';
import { callLogOf } from '../support/call-log';

const api = useTwilioApi({ clearFaults: true });

const KINDS: FaultKind[] = ['server-error', 'rate-limit', 'hang', 'drop'];
/**
 * A line of Ben's per kind of fault: after a failure a warm function serves the last good copy of that number's
 * document for 5 s without asking Sync, so each kind needs a document of its own for its fault to be met at all.
 */
const LINES = Object.fromEntries(KINDS.map((kind, i) => [kind, `+155506019${i}0`])) as Record<FaultKind, string>;
/** Functions that take only a hung request for one (the most SYNC_TIMEOUT_MS allows), for all but the hang tests. */
let server: FunctionsServer;
/** The same with the default SYNC_TIMEOUT_MS (1500 ms), for the hang tests, which wait it out per hung request. */
let hurried: FunctionsServer;
let callLog: ReturnType<typeof callLogOf>;
const serverFor = (kind: FaultKind) => (kind === 'hang' ? hurried : server);

beforeAll(async () => {
  const bundle = structuredClone(FLOW_BUNDLE);
  const flow = bundle.workspaces[0]!;
  flow.textBack = { enabled: true, windowMinutes: 20 };
  flow.numbers = [...(flow.numbers ?? []), ...KINDS.map((kind) => ({ number: LINES[kind], name: `${kind} line`, assignedUser: 'ben' }))];
  const serviceSid = await serviceWithBundle(api, parseBundle(bundle));
  callLog = callLogOf(new SyncStateStore(gatewayFor(api, serviceSid)), ['flow']);
  // Warm containers: the functions stay loaded, so the last good configuration stays in memory.
  const env = { ...syncEnv(api, serviceSid), CONFIG_CACHE_SECONDS: '0', FALLBACK_NUMBER: '+15550600001' };
  [server, hurried] = await Promise.all([startFunctions(env), startFunctions({ ...env, SYNC_TIMEOUT_MS: '1500' })]);
  // A good copy of each line's documents in each, for the faults to fall back on.
  for (const functions of [server, hurried]) {
    for (const line of [FLOW.plainLine, ...Object.values(LINES)]) {
      const sid = callSid();
      const response = await functions.post('/incoming-call', { CallSid: sid, To: line, From: FLOW.stranger });
      expect(routed(functions, sid, response.body)).toMatchObject({
        legs: [`number:${FLOW.benPhone}`],
        log: expect.not.stringContaining('fallback'),
      });
    }
  }
});

/** Where a call went, with what the functions logged about it (so that a failure says why). */
function routed(functions: FunctionsServer, sid: string, body: string): { legs: string[]; log: string } {
  const log = functions
    .output()
    .split('\n')
    .filter((line) => line.includes(sid))
    .join('\n');
  return { legs: planFromTwiml(parseTwiml(body)).legs, log };
}
afterAll(() => Promise.all([server?.stop(), hurried?.stop()]));

/**
 * POSTs to a function; `faulted` lists the requests to the double that the injected fault met meanwhile. Each
 * such request costs the function at most one SYNC_TIMEOUT_MS (a hung one exactly that: it never answers, so an
 * answer at all shows the deadline ended it), so their number bounds how long a caller waits.
 */
async function postObserved(functions: FunctionsServer, request: TwilioRequest) {
  const before = api.double.requestCount();
  const response = await functions.post(request.url, request.params);
  const faulted = api.double
    .requests()
    .slice(before)
    .filter((request) => request.fault !== undefined);
  return { ...response, faulted };
}

describe.each(KINDS)('Sync %s', (kind) => {
  test("on the configuration documents: routed from the last good copy (the fault met on the number's document), and the call log says so", async () => {
    api.double.faults.set({ kind, product: 'sync', match: /\/Documents\// });
    const sid = callSid();
    const response = await postObserved(serverFor(kind), {
      url: '/incoming-call',
      params: { CallSid: sid, To: LINES[kind], From: FLOW.stranger },
    });
    expect(response.status).toBe(200);
    expect(routed(serverFor(kind), sid, response.body)).toMatchObject({ legs: [`number:${FLOW.benPhone}`] });
    // The number's document, and the workspace's unless an earlier fault still has it served from memory.
    expect(response.faulted.map((request) => request.path)).toContainEqual(
      expect.stringMatching(new RegExp(`/Documents/number_${LINES[kind].slice(1)}$`)),
    );
    expect(response.faulted.length).toBeLessThanOrEqual(2);
    api.double.faults.clear();
    const route = await callLog.readStep<RouteEntry>(sid, 'route');
    expect(route?.warnings?.join('\n')).toMatch(new RegExp(`serving the last good copy of number_${LINES[kind].slice(1)}`));
  });

  test('on all of Sync: the call is still routed (the call log cannot be written, and the log says why)', async () => {
    api.double.faults.set({ kind, product: 'sync' });
    const sid = callSid();
    const response = await postObserved(serverFor(kind), {
      url: '/incoming-call',
      params: { CallSid: sid, To: FLOW.plainLine, From: '+15550730001' },
    });
    expect(response.status).toBe(200);
    expect(routed(serverFor(kind), sid, response.body)).toMatchObject({ legs: [`number:${FLOW.benPhone}`] });
    // At most the two documents, the caller's contact and the call log's write: 6 s at the default deadline.
    expect(response.faulted.length).toBeGreaterThanOrEqual(1);
    expect(response.faulted.length).toBeLessThanOrEqual(4);
    expect(serverFor(kind).output()).toContain(`[incoming-call ${sid}] call log: could not record route; the call goes on`);
  });

  test('during a missed call: voicemail, no text while the claims cannot be made, one text on retry', async () => {
    const from = `+1555074${String(KINDS.indexOf(kind)).padStart(4, '0')}`;
    const functions = serverFor(kind);
    const call = await callIn(functions, { to: FLOW.plainLine, from });
    api.double.faults.set({ kind, product: 'sync', match: /\/Maps\// });
    const dialEnded = unansweredDial(call);
    const missed = await postObserved(functions, dialEnded);
    expect(parseTwiml(missed.body).children.map((verb) => verb.name)).toEqual(['Say', 'Record']);
    // The claim and the call-log writes (the contact came with the action): at the default deadline, inside the
    // 15 s Twilio waits for a webhook.
    expect(missed.faulted.length).toBeGreaterThanOrEqual(1);
    expect(missed.faulted.length).toBeLessThanOrEqual(6);
    expect(api.double.messages.filter((message) => message.to === from)).toHaveLength(0);
    api.double.faults.clear();
    for (let attempt = 0; attempt < 3; attempt += 1) await functions.post('/sms-textback', { CallSid: call.callSid });
    await send(functions, dialEnded);
    expect(api.double.messages.filter((message) => message.to === from)).toHaveLength(1);
  });
});

test("the text-back's claim written though Sync's answer was lost: the caller is texted back once, then never again", async () => {
  const from = '+15550749901';
  const call = await callIn(server, { to: FLOW.plainLine, from });
  api.double.faults.set({
    kind: 'applied-then-drop',
    product: 'sync',
    method: 'POST',
    match: (request) => request.path.endsWith('/Items') && request.params?.Key === callClaimKey(call.callSid),
    times: 1,
  });
  const dialEnded = unansweredDial(call);
  await send(server, dialEnded);
  expect(api.double.faults.applied().filter((fault) => fault.kind === 'applied-then-drop')).toHaveLength(1);
  api.double.faults.clear();
  expect(api.double.messages.filter((message) => message.to === from)).toHaveLength(1);
  await send(server, dialEnded);
  await server.post('/sms-textback', { CallSid: call.callSid });
  expect(api.double.messages.filter((message) => message.to === from)).toHaveLength(1);
});

test('Messages failing: the text is recorded as failed, nothing goes out twice, and a retry sends exactly one', async () => {
  const from = '+15550730009';
  const call = await callIn(server, { to: FLOW.plainLine, from });
  const sid = call.callSid;
  api.double.faults.set({ kind: 'server-error', product: 'api', match: /Messages/ });
  const dialEnded = unansweredDial(call, 'busy');
  const missed = await postObserved(server, dialEnded);
  expect(parseTwiml(missed.body).children.map((verb) => verb.name)).toEqual(['Say', 'Record']);
  expect(missed.faulted.map((request) => request.path)).toEqual([expect.stringMatching(/\/Messages\.json$/)]);
  expect(await callLog.readStep(sid, 'textback')).toMatchObject({ status: 'failed', reason: 'send-failed' });
  api.double.faults.clear();
  const retries = await Promise.all(Array.from({ length: 5 }, () => server.post('/sms-textback', { CallSid: sid })));
  expect(retries.map((retry) => JSON.parse(retry.body).status).sort()).toEqual(['sent', 'skipped', 'skipped', 'skipped', 'skipped']);
  await send(server, dialEnded);
  expect(api.double.messages.filter((message) => message.to === from)).toHaveLength(1);
});
