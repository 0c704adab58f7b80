// incoming-call served by twilio-run: the TwiML a real request gets, odd requests; and, run in this process
// under environments of their own, the real clock when simulated time is not allowed and a configuration that
// cannot be loaded (the caller still reaches the fallback number, and the log says why).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionLogs, loadFunctions, twilioRequest } from '../support/in-process';
import { writeTempJson } from '../support/legs';
import { ROOT, TEST_AUTH_TOKEN, startFunctions, type FunctionsServer } from '../support/twilio-run';
import { VOICE_VERBS, parseTwiml, planFromTwiml } from '../support/twiml';

const logs = functionLogs({ keep: true });

/** incoming-call under `env`, in this process, with a request signed as Twilio signs it. */
async function incomingCall(env: Record<string, string>, params: Record<string, string>) {
  const invoke = loadFunctions({
    AUTH_TOKEN: TEST_AUTH_TOKEN,
    ACCOUNT_SID: '',
    LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'incoming-call-')),
    ...env,
  });
  const { event, headers } = twilioRequest(TEST_AUTH_TOKEN, 'incoming-call', params);
  return invoke('incoming-call', event, headers);
}

describe('incoming-call on the bundled sample', () => {
  let server: FunctionsServer;
  beforeAll(async () => {
    server = await startFunctions({ ALLOW_SIMULATED_CLOCK: 'true' });
  });
  afterAll(() => server?.stop());

  test('a form POST with To and From returns the <Dial> the plan describes', async () => {
    const response = await server.post('/incoming-call', {
      To: '+15550100101',
      From: '+15550100201',
      SimulatedAt: '2026-11-23T15:00:00Z',
      CallSid: 'CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    expect(response.status).toBe(200);
    const twiml = parseTwiml(response.body);
    expect(planFromTwiml(twiml)).toEqual({
      action: 'dial',
      legs: ['client:acme_alice_web', 'client:acme_alice_mobile', 'number:+15550100002'],
      callerId: '+15550100201',
      timeout: 25,
    });
    expect(server.output()).toContain(
      '[incoming-call CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa] +15550100201 -> +15550100101: dial by rule number-assigned-user',
    );
  });

  test('without SimulatedAt permission the real clock is used and the attempt is logged', async () => {
    const sample = join(ROOT, 'assets', 'sample-config.private.json');
    const response = await incomingCall(
      { CONFIG_FILE: sample, ALLOW_SIMULATED_CLOCK: 'false' },
      { To: '+15550100102', From: '+15550100201', SimulatedAt: '2026-11-23T03:00:00Z', CallSid: 'CAffffffffffffffffffffffffffffffff' },
    );
    expect(response.status).toBe(200);
    expect(planFromTwiml(parseTwiml(response.body)).action).toBe('dial'); // forward mode: hours do not matter
    expect(logs.text()).toContain('[incoming-call CAffffffffffffffffffffffffffffffff] ignored SimulatedAt: ALLOW_SIMULATED_CLOCK is off');
  });

  test.each([
    ['no To at all', { From: '+15550100201' }, 'reject'],
    ['no From at all', { To: '+15550100102' }, 'dial'],
    ['a non-E.164 From', { To: '+15550100102', From: '5550100201' }, 'dial'],
    ['a huge To', { To: `+1${'5'.repeat(5000)}`, From: '+15550100201' }, 'reject'],
    ['non-ASCII values', { To: '+1555０１００１０２', From: 'Zoë 📞' }, 'reject'],
    ['an unknown number', { To: '+15559999999', From: '+15550100201' }, 'reject'],
  ])('%s: valid TwiML that routes or rejects cleanly', async (_title, params, action) => {
    const response = await server.post('/incoming-call', params as Record<string, string>);
    expect(response.status).toBe(200);
    const twiml = parseTwiml(response.body);
    for (const verb of twiml.children) expect(VOICE_VERBS.has(verb.name)).toBe(true);
    expect(planFromTwiml(twiml).action).toBe(action);
  });
});

describe('incoming-call when the configuration cannot be loaded', () => {
  test('a broken bundle: the caller reaches FALLBACK_NUMBER and the log says why', async () => {
    const broken = writeTempJson('broken.json', {});
    writeFileSync(broken, '{ "workspaces": [ { "id": "x" ');
    const response = await incomingCall(
      { CONFIG_FILE: broken, FALLBACK_NUMBER: '+15550100001' },
      { To: '+15550100100', From: '+15550100201', CallSid: 'CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
    );
    expect(response.status).toBe(200);
    const twiml = parseTwiml(response.body);
    expect(planFromTwiml(twiml)).toMatchObject({ action: 'dial', legs: ['number:+15550100001'] });
    expect(logs.text()).toMatch(
      /\[incoming-call CAb+\] failed, answering with the fallback \(ringing the fallback number \+15550100001\): ConfigReadError: The configuration file .*broken\.json is not valid JSON/,
    );
  });

  test('an invalid bundle and no fallback: an apology and a hang-up, never silence or a 500', async () => {
    const invalid = writeTempJson('invalid.json', { workspaces: [{ id: 'x', name: 'X', numbers: [{ number: 'bad', name: 'n' }] }] });
    const response = await incomingCall(
      { CONFIG_FILE: invalid },
      { To: '+15550100100', From: '+15550100201', CallSid: 'CAdddddddddddddddddddddddddddddddd' },
    );
    expect(response.status).toBe(200);
    const twiml = parseTwiml(response.body);
    expect(twiml.children.map((node) => node.name)).toEqual(['Say', 'Hangup']);
    expect(logs.text()).toMatch(/\[incoming-call CAd+\] .*no FALLBACK_NUMBER is set/);
    expect(logs.text()).toContain('workspaces.0.numbers.0.number: must be an E.164 phone number');
  });
});
