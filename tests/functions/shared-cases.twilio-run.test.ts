// The shared routing cases, run against the incoming-call function served by twilio-run: each case's
// request is a signed form POST and the answer is parsed as TwiML.
import { CASES, FIXTURE } from '../cases/routing-cases';
import { sorted, writeTempJson } from '../support/legs';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import { parseTwiml, planFromTwiml } from '../support/twiml';

let server: FunctionsServer;

beforeAll(async () => {
  // The functions loaded once in twilio-run's process, as in a warm container: what is tested is the route each
  // request gets, not a cold start (tests/functions/sync-mode.test.ts runs a process per request).
  server = await startFunctions({ CONFIG_FILE: writeTempJson('fixture.json', FIXTURE), ALLOW_SIMULATED_CLOCK: 'true' });
});
afterAll(() => server?.stop());

describe('shared routing cases against incoming-call under twilio-run', () => {
  test.concurrent.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, routingCase) => {
    const call = (attempt: number) =>
      server.post('/incoming-call', {
        CallSid: `CA${'0'.repeat(26)}${String(attempt).padStart(2, '0')}${String(CASES.indexOf(routingCase)).padStart(4, '0')}`,
        To: routingCase.to,
        From: routingCase.from,
        SimulatedAt: routingCase.at,
      });
    // The caller's earlier calls of the minute (the abuse guard counts them), one after another, then the case's call.
    for (let attempt = 1; attempt < (routingCase.callsThisMinute ?? 1); attempt += 1) expect((await call(attempt)).status).toBe(200);
    const response = await call(0);
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/xml/);
    const plan = planFromTwiml(parseTwiml(response.body));
    const want = routingCase.expect;
    expect(plan.action).toBe(want.action);
    expect(sorted(plan.legs)).toEqual(sorted(want.legs ?? []));
    if (want.callerId !== undefined) expect(plan.callerId).toBe(want.callerId);
    if (want.timeout !== undefined) expect(plan.timeout).toBe(want.timeout);
  });
});
