// The shared routing cases, run against the incoming-call function served by twilio-run: each case's
// request is a signed form POST and the answer is parsed as TwiML.
import type { RouteEntry } from '../../src/calls/call-log';
import { LocalStateStore } from '../../src/state/local-store';
import { CASES, FIXTURE } from '../cases/routing-cases';
import { callLogOf } from '../support/call-log';
import { expectCase, incomingCallView } from '../support/expect-case';
import { writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml } from '../support/twiml';

let server: FunctionsServer;

beforeAll(async () => {
  // The functions loaded once in twilio-run's process, as in a warm container: what is tested is the route each
  // request gets, not a cold start (tests/functions/sync-mode.test.ts runs a process per request).
  server = await startFunctions({ CONFIG_FILE: writeTempJson('fixture.json', FIXTURE), ALLOW_SIMULATED_CLOCK: 'true' });
});

/** The call log as it stands at the case's instant (its items live CALL_HISTORY_DAYS from the simulated time they were written). */
const callLogAt = (at: string) =>
  callLogOf(
    new LocalStateStore(server.stateDir, () => Date.parse(at)),
    FIXTURE.workspaces.map((workspace) => workspace.id),
  );
afterAll(() => server?.stop());

describe('shared routing cases against incoming-call under twilio-run', () => {
  test.concurrent.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, routingCase) => {
    const callSidOf = (attempt: number) =>
      `CA${'0'.repeat(26)}${String(attempt).padStart(2, '0')}${String(CASES.indexOf(routingCase)).padStart(4, '0')}`;
    const call = (attempt: number) =>
      server.post('/incoming-call', {
        CallSid: callSidOf(attempt),
        To: routingCase.to,
        From: routingCase.from,
        SimulatedAt: routingCase.at,
      });
    // The caller's earlier calls of the minute (the abuse guard counts them), one after another, then the case's call.
    for (let attempt = 1; attempt < (routingCase.callsThisMinute ?? 1); attempt += 1) expect((await call(attempt)).status).toBe(200);
    const callSid = callSidOf(0);
    const response = await call(0);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/xml/);
    // The rule, as the functions recorded the call's route in its log.
    const route = await callLogAt(routingCase.at).readStep<RouteEntry>(callSid, 'route');
    expectCase(routingCase, incomingCallView(parseTwiml(response.body), route?.rule));
  });
});
