// `npm run simulate -- --url URL` against a server it did not start, as `npx twilio-run` or
// `twilio serverless:start` run it: by localhost or 127.0.0.1, with no AUTH_TOKEN (both sides use the
// checkout's local signing token) or with one. A refused request says why and what to check.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localSigningToken } from '../../src/runtime/local-signing-token';
import { startFunctionsServer, type FunctionsProcess } from '../../src/simulator/server';
import { simulateCall, SimulationError, type SimulationOptions } from '../../src/simulator/simulate';
import { runCli } from '../support/cli';
import { ROOT, TEST_ACCOUNT_SID } from '../support/twilio-run';

const CALL = {
  from: '+15550100200',
  to: '+15550100100',
  at: '2026-11-23T15:00:00Z',
  answer: { kind: 'legs' as const, legs: [{ leg: '+15550100010', by: 'person' as const }] },
  pressKey: true,
};
const ANSWERED = { outcome: 'answered', answeredBy: 'number:+15550100010' };

// As plain twilio-run serves the project: no AUTH_TOKEN, SimulatedAt allowed by default when local.
const plainEnv = (stateDir: string, authToken = '') => ({
  AUTH_TOKEN: authToken,
  LOCAL_STATE_DIR: stateDir,
  ACCOUNT_SID: '',
  SYNC_SERVICE_SID: '',
  ALLOW_SIMULATED_CLOCK: '',
  SKIP_SIGNATURE_CHECK: '',
});

const simulate = (options: Partial<SimulationOptions> & Pick<SimulationOptions, 'baseUrl' | 'authToken'>) =>
  simulateCall({ accountSid: TEST_ACCOUNT_SID, ...CALL, ...options });

describe('a server with no AUTH_TOKEN', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'plain-server-'));
  let server: FunctionsProcess;
  beforeAll(async () => {
    server = await startFunctionsServer(ROOT, plainEnv(stateDir), { forkProcess: false, extraArgs: ['--no-live'] });
  });
  afterAll(() => server?.stop());

  test.each(['localhost', '127.0.0.1'])('by %s, signed with the local signing token: the call goes through', async (host) => {
    const result = await simulate({ baseUrl: `http://${host}:${server.port}`, authToken: localSigningToken(stateDir).token });
    expect(result).toMatchObject(ANSWERED);
  });

  test('signed with another token: the error gives the status, the reason and what to check', async () => {
    const failure = simulate({ baseUrl: `http://127.0.0.1:${server.port}`, authToken: 'not-the-token', authTokenSource: 'AUTH_TOKEN' });
    await expect(failure).rejects.toThrow(SimulationError);
    await expect(failure).rejects.toThrow(
      /answered 403: Forbidden: not a valid Twilio request \(X-Twilio-Signature does not match http:\/\/127\.0\.0\.1:\d+\/incoming-call/,
    );
    await expect(failure).rejects.toThrow(
      /checked with the local signing token in .*local-auth-token[\s\S]*Check: [\s\S]*signed with AUTH_TOKEN/,
    );
  });

  test('npm run simulate -- --url finds the same local token by itself', async () => {
    const run = await runCli(
      'simulate',
      [
        '--url',
        `http://127.0.0.1:${server.port}`,
        '--from',
        CALL.from,
        '--to',
        CALL.to,
        '--answer',
        '+15550100010',
        '--at',
        CALL.at,
        '--json',
      ],
      {
        LOCAL_STATE_DIR: stateDir,
        AUTH_TOKEN: '',
      },
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject(ANSWERED);
  });

  test('a path that is not one of these functions: 404, and what to check', async () => {
    await expect(
      simulate({ baseUrl: `http://127.0.0.1:${server.port}/elsewhere`, authToken: localSigningToken(stateDir).token }),
    ).rejects.toThrow(/answered 404[\s\S]*Check: nothing serves \/elsewhere\/incoming-call there/);
  });
});

test('a server with an AUTH_TOKEN, by 127.0.0.1: signed with that token, the call goes through', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'token-server-'));
  const server = await startFunctionsServer(ROOT, plainEnv(stateDir, 'a-real-looking-auth-token'), {
    forkProcess: false,
    extraArgs: ['--no-live'],
  });
  try {
    expect(await simulate({ baseUrl: `http://127.0.0.1:${server.port}`, authToken: 'a-real-looking-auth-token' })).toMatchObject(ANSWERED);
  } finally {
    await server.stop();
  }
});
