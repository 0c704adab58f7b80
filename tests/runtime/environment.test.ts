// A malformed variable never refuses a genuine call: after a valid signature the function answers with the
// fallback TwiML, built from whatever variables are valid, and the log names the variable (never its value).
// `npm start` refuses the same environment at once.
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { readEnvLeniently } from '../../src/runtime/env';
import { runCli } from '../support/cli';
import { loadFunctions } from '../support/in-process';
import { TEST_AUTH_TOKEN } from '../support/twilio-run';
import { parseTwiml, planFromTwiml } from '../support/twiml';

const URL = 'http://localhost:3000/incoming-call';
const CALL = { CallSid: `CA${'0'.repeat(31)}7`, To: '+15550100100', From: '+15550100200' };
const FALLBACK = '+15550100999';

function invokeWith(env: Record<string, string>) {
  const invoke = loadFunctions({
    AUTH_TOKEN: TEST_AUTH_TOKEN,
    ACCOUNT_SID: '',
    LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'env-')),
    ...env,
  });
  return (signature = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, URL, CALL)) =>
    invoke('incoming-call', CALL, { 'x-twilio-signature': signature });
}

/** What the functions wrote to the log while `run` ran. */
async function logged<T>(run: () => Promise<T>): Promise<{ result: T; log: string }> {
  const lines: string[] = [];
  const spies = (['log', 'warn', 'error'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.join(' '))),
  );
  try {
    return { result: await run(), log: lines.join('\n') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('a bad environment after a valid signature', () => {
  test('FALLBACK_NUMBER=5551234: the genuine call gets the apology TwiML (not 403), and the log names FALLBACK_NUMBER without its value', async () => {
    const { result, log } = await logged(() => invokeWith({ FALLBACK_NUMBER: '5551234' })());
    expect(result.status).toBe(200);
    const twiml = parseTwiml(result.body);
    expect(planFromTwiml(twiml).action).toBe('hangup');
    expect(log).toMatch(/invalid environment: FALLBACK_NUMBER must be an E\.164 phone number/);
    expect(log).not.toContain('5551234');
  });

  test('another variable bad (SYNC_TIMEOUT_MS=soon): the valid FALLBACK_NUMBER is rung, and the log names SYNC_TIMEOUT_MS', async () => {
    const { result, log } = await logged(() => invokeWith({ FALLBACK_NUMBER: FALLBACK, SYNC_TIMEOUT_MS: 'soon' })());
    expect(result.status).toBe(200);
    expect(planFromTwiml(parseTwiml(result.body))).toMatchObject({ action: 'dial', legs: [`number:${FALLBACK}`] });
    expect(log).toMatch(/invalid environment: SYNC_TIMEOUT_MS /);
    expect(log).toContain(`ringing the fallback number ${FALLBACK}`);
  });

  test('a forged request is still refused with 403, whatever the environment', async () => {
    const { result, log } = await logged(() => invokeWith({ FALLBACK_NUMBER: FALLBACK, SYNC_TIMEOUT_MS: 'soon' })('AAAA'));
    expect(result.status).toBe(403);
    expect(log).not.toMatch(/invalid environment/);
  });

  test('readEnvLeniently keeps every valid variable and names each invalid one', () => {
    const reading = readEnvLeniently({ FALLBACK_NUMBER: FALLBACK, SYNC_TIMEOUT_MS: 'soon', CONFIG_CACHE_SECONDS: '-1', AUTH_TOKEN: 'x' });
    expect(reading.env).toMatchObject({ FALLBACK_NUMBER: FALLBACK, SYNC_TIMEOUT_MS: 1500, CONFIG_CACHE_SECONDS: 30, AUTH_TOKEN: 'x' });
    expect(reading.problems.map((problem) => problem.variable).sort()).toEqual(['CONFIG_CACHE_SECONDS', 'SYNC_TIMEOUT_MS']);
  });
});

describe('npm start with a bad environment', () => {
  test('refuses at once, naming the variable, with exit status 1 and no stack trace', async () => {
    // The port is taken, so a start that got past the environment would fail on the port instead (never serve).
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const result = await runCli('start', ['--port', String(port)], { FALLBACK_NUMBER: '5551234' });
      expect(result.signal).toBeNull(); // it exited by itself, at once: nothing was served
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^Invalid environment: FALLBACK_NUMBER must be an E\.164 phone number/);
      expect(result.stderr).not.toContain('5551234');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
