// Local or deployed: a function served by twilio-run obeys the local-only variables; the same built function
// with Twilio's deployed context ignores every one of them, says so in its log, and still checks signatures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { DEPLOYED_STATE_DIR, readEnv } from '../../src/runtime/env';
import { LOCAL_ONLY_VARIABLES, placementOf } from '../../src/runtime/placement';
import { loadFunctions } from '../support/in-process';
import { TEST_AUTH_TOKEN } from '../support/twilio-run';
import { parseTwiml, planFromTwiml } from '../support/twiml';

const SERVICE_SID = `ZS${'a'.repeat(32)}`;
const DEPLOYED_DOMAIN = 'call-routing-1234-dev.twil.io';
const CALL = { To: '+15550100101', From: '+15550100201', CallSid: `CA${'1'.repeat(32)}`, SimulatedAt: '2026-11-23T15:00:00Z' };

describe('placementOf', () => {
  test.each([
    [{ DOMAIN_NAME: 'localhost:3000' }, false],
    [{ DOMAIN_NAME: '127.0.0.1:3000' }, false],
    [{ DOMAIN_NAME: '[::1]:3000' }, false],
    [{ DOMAIN_NAME: DEPLOYED_DOMAIN, SERVICE_SID }, true],
    [{ DOMAIN_NAME: DEPLOYED_DOMAIN }, true],
    [{ DOMAIN_NAME: 'abcd-1234.ngrok.io' }, true],
    [{ DOMAIN_NAME: 'localhost:3000', SERVICE_SID }, true],
    [{}, true],
  ])('%j is deployed: %s', (context, deployed) => {
    expect(placementOf(context).deployed).toBe(deployed);
  });

  test("does not trip twilio-run's warning getter for SERVICE_SID", () => {
    const context = { DOMAIN_NAME: 'localhost:3000' };
    Object.defineProperty(context, 'SERVICE_SID', {
      get: () => {
        throw new Error('read the getter');
      },
    });
    expect(placementOf(context).deployed).toBe(false);
  });
});

describe('readEnv when deployed', () => {
  const local = {
    SKIP_SIGNATURE_CHECK: 'true',
    ALLOW_SIMULATED_CLOCK: 'true',
    LOCAL_STATE_DIR: '/tmp/x',
    CONFIG_FILE: '/tmp/c.json',
    TWILIO_API_BASE_URL: 'http://127.0.0.1:1',
    CONSOLE_LOGIN_TOKEN: 'local-link-token-0123456789',
  };

  test('ignores every local-only variable, names them once, and keeps state in the temporary folder', () => {
    const notices: string[] = [];
    const env = readEnv(
      { ...local, FALLBACK_NUMBER: '+15550100001' },
      { placement: { deployed: true, reason: `DOMAIN_NAME is ${DEPLOYED_DOMAIN}` }, notice: (m) => notices.push(m) },
    );
    expect(env).toMatchObject({
      SKIP_SIGNATURE_CHECK: false,
      ALLOW_SIMULATED_CLOCK: false,
      LOCAL_STATE_DIR: DEPLOYED_STATE_DIR,
      FALLBACK_NUMBER: '+15550100001',
    });
    expect(env.CONFIG_FILE).toBeUndefined();
    expect(env.TWILIO_API_BASE_URL).toBeUndefined();
    const [, named, where] = /^ignored ([A-Z_, ]+): local-only, and this function is deployed \((.+)\)$/.exec(notices[0]!)!;
    expect(named!.split(', ').sort()).toEqual([...LOCAL_ONLY_VARIABLES].sort());
    expect(where).toBe(`DOMAIN_NAME is ${DEPLOYED_DOMAIN}`);
    expect(notices[1]).toMatch(/without SYNC_SERVICE_SID.*temporary folder/);
  });

  test('locally the same variables are obeyed, and the simulated clock is on by default', () => {
    expect(readEnv(local)).toMatchObject({
      SKIP_SIGNATURE_CHECK: true,
      ALLOW_SIMULATED_CLOCK: true,
      LOCAL_STATE_DIR: '/tmp/x',
      CONFIG_FILE: '/tmp/c.json',
    });
    expect(readEnv({}).ALLOW_SIMULATED_CLOCK).toBe(true);
  });
});

describe('the built incoming-call, local and deployed', () => {
  const logs: string[] = [];
  let spies: jest.SpyInstance[] = [];
  beforeEach(() => {
    logs.length = 0;
    spies = (['log', 'warn', 'error'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push(String(args[0]))),
    );
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });

  const env = {
    AUTH_TOKEN: TEST_AUTH_TOKEN,
    SKIP_SIGNATURE_CHECK: 'true',
    ALLOW_SIMULATED_CLOCK: 'true',
    LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'placement-')),
  };

  test('locally, SKIP_SIGNATURE_CHECK lets an unsigned request through and SimulatedAt sets the time', async () => {
    const invoke = loadFunctions(env);
    const answer = await invoke('incoming-call', CALL);
    expect(answer.status).toBe(200);
    expect(planFromTwiml(parseTwiml(answer.body)).action).toBe('dial');
    expect(logs.join('\n')).toContain('simulated clock: 2026-11-23T15:00:00.000Z');
  });

  test('deployed, an unsigned request is refused although SKIP_SIGNATURE_CHECK is true, and the log says it was ignored', async () => {
    const invoke = loadFunctions(
      { ...env, SKIP_SIGNATURE_CHECK: 'true', LOCAL_STATE_DIR: '/nonexistent' },
      { DOMAIN_NAME: DEPLOYED_DOMAIN, SERVICE_SID },
    );
    const answer = await invoke('incoming-call', CALL);
    expect(answer.status).toBe(403);
    expect(answer.body).toBe('Forbidden: not a valid Twilio request');
    expect(logs.join('\n')).toMatch(
      /ignored [A-Z_, ]*SKIP_SIGNATURE_CHECK[A-Z_, ]*: local-only, and this function is deployed \(SERVICE_SID is ZS/,
    );
  });

  test('deployed, a request signed for the service URL is served on the real clock (SimulatedAt ignored)', async () => {
    const invoke = loadFunctions({ ...env, SKIP_SIGNATURE_CHECK: 'false' }, { DOMAIN_NAME: DEPLOYED_DOMAIN, SERVICE_SID });
    const signature = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `https://${DEPLOYED_DOMAIN}/incoming-call`, CALL);
    const answer = await invoke('incoming-call', CALL, { 'x-twilio-signature': signature, host: 'localhost:3000' });
    expect(answer.status).toBe(200);
    // Routed from the bundled asset (not the fallback), at whatever time it is now.
    expect(logs.join('\n')).toMatch(/\+15550100201 -> \+15550100101: \w+ by rule/);
    expect(logs.join('\n')).toContain('ignored SimulatedAt: ALLOW_SIMULATED_CLOCK is off');
    expect(logs.join('\n')).not.toContain('simulated clock:');
  });

  test('deployed, a signature made for a loopback Host header is refused (only DOMAIN_NAME counts)', async () => {
    const invoke = loadFunctions({ ...env, SKIP_SIGNATURE_CHECK: 'false' }, { DOMAIN_NAME: DEPLOYED_DOMAIN, SERVICE_SID });
    const signature = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, 'http://127.0.0.1:3000/incoming-call', CALL);
    expect((await invoke('incoming-call', CALL, { 'x-twilio-signature': signature, host: '127.0.0.1:3000' })).status).toBe(403);
  });
});
