// Twilio's limits on a Functions service's variables, refused before a deploy uploads anything (a name over 128
// characters, a value over 450 bytes, a context over 3 KB: error 82006), and a deploy's variables made exactly
// what .env says: the plan (added, changed, removed, secrets masked), read from and applied to the Serverless API
// double behind Prism (twilio_serverless_v1.json), and `deploy --dry-run` / `deploy` run as built processes.
// Nothing here deploys to Twilio: the only deploy that runs is refused before twilio-run starts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployCheckError } from '../../src/deploy/checks';
import { deployEnvironment } from '../../src/deploy/environment';
import { checkVariableLimits, estimatedDomain } from '../../src/deploy/limits';
import {
  describeVariablePlan,
  findServiceEnvironment,
  planVariables,
  removeVariablesNotIn,
  variableRecord,
} from '../../src/deploy/variables';
import { runCli } from '../support/cli';
import { useTwilioApi } from '../support/twilio-api/index';

const PLACE = { domain: 'call-routing-1234-dev.twil.io', longestPath: '/voicemail-complete' };
const phones = (count: number) => Array.from({ length: count }, (_, i) => `+1555010${String(i).padStart(4, '0')}`).join(',');
const refusal = (variables: Record<string, string>) => {
  try {
    checkVariableLimits(variables, PLACE);
  } catch (error) {
    expect(error).toBeInstanceOf(DeployCheckError);
    return (error as Error).message;
  }
  return null;
};

function envFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'deploy-variables-')), 'deploy.env');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

describe("Twilio's limits on the variables", () => {
  test.each([
    ['a 128-character name', { [`A${'_'.repeat(127)}`]: 'x' }, null],
    [
      'a 129-character name',
      { [`A${'_'.repeat(128)}`]: 'x' },
      `.env variable A${'_'.repeat(128)} has a name of 129 characters: Twilio takes at most 128 (nothing was uploaded)`,
    ],
    ['a 450-byte value', { GREETING_NOTE: 'x'.repeat(450) }, null],
    [
      'a 451-byte value',
      { GREETING_NOTE: 'x'.repeat(451) },
      '.env variable GREETING_NOTE is 451 bytes long: Twilio takes at most 450 bytes per value (nothing was uploaded); shorten it',
    ],
    [
      '226 two-byte characters: 452 bytes though 226 characters',
      { GREETING_NOTE: 'é'.repeat(226) },
      '.env variable GREETING_NOTE is 452 bytes long',
    ],
    ['CONSOLE_ADMINS with 34 numbers (34 x 12 + 33 commas = 441 bytes)', { CONSOLE_ADMINS: phones(34) }, null],
    [
      'CONSOLE_ADMINS with 35 numbers (35 x 12 + 34 commas = 454 bytes)',
      { CONSOLE_ADMINS: phones(35) },
      '.env variable CONSOLE_ADMINS is 454 bytes long: Twilio takes at most 450 bytes per value',
    ],
  ])('%s', (_title, variables, message) => {
    const found = refusal(variables);
    if (message === null) expect(found).toBeNull();
    else expect(found).toContain(message);
  });

  test('a full .env at realistic lengths fits the 3 KB context', () => {
    expect(
      refusal({
        SYNC_SERVICE_SID: `IS${'a'.repeat(32)}`,
        FALLBACK_NUMBER: '+15550100001',
        FUNCTIONS_BASE_URL: 'https://call-routing-1234-dev.twil.io',
        RECORDING_LINK_SECRET: 'f'.repeat(64),
        CONSOLE_SESSION_SECRET: 'e'.repeat(64),
        CONSOLE_ADMINS: phones(10),
        VERIFY_SERVICE_SID: `VA${'b'.repeat(32)}`,
        API_KEY_SID: `SK${'c'.repeat(32)}`,
        API_KEY_SECRET: 'd'.repeat(32),
        TWIML_APP_SID: `AP${'e'.repeat(32)}`,
        STATE_SHARDS: '4',
        CALL_HISTORY_DAYS: '90',
      }),
    ).toBeNull();
  });

  test('variables each within 450 bytes that together pass 3 KB: refused with 82006, naming the largest', () => {
    // Seven values of 440 bytes are 3080 bytes before their names, the account, the domain and the path.
    const variables = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`NOTE_${i}`, String(i).repeat(440 - i)]));
    expect(refusal(variables)).toMatch(
      /^the functions' context would be 3\d{3} bytes \(the \.env variables as JSON, plus the account, the domain call-routing-1234-dev\.twil\.io and the path \/voicemail-complete Twilio adds\): past 3072 bytes Twilio fails invocations \(error 82006, nothing was uploaded\); the largest variables: NOTE_0 \(\d+ bytes\), NOTE_1 \(\d+ bytes\), NOTE_2 \(\d+ bytes\)$/,
    );
    // Six of them (about 2.7 KB with everything Twilio adds) fit.
    delete variables.NOTE_6;
    expect(refusal(variables)).toBeNull();
  });

  test("a domain is estimated as Twilio shapes it: the service's name, four digits, the suffix", () => {
    expect(estimatedDomain('call-routing', 'dev')).toMatch(/^call-routing-\d{4}-dev\.twil\.io$/);
    expect(estimatedDomain('call-routing', '')).toMatch(/^call-routing-\d{4}\.twil\.io$/);
  });
});

describe('the variables plan', () => {
  const current = {
    FALLBACK_NUMBER: '+15550100001',
    OLD_SETTING: 'left by twilio serverless:deploy',
    RECORDING_LINK_SECRET: 'old-secret-'.repeat(4),
    STATE_SHARDS: '2',
  };
  const wanted = {
    FALLBACK_NUMBER: '+15550100001',
    RECORDING_LINK_SECRET: 'new-secret-'.repeat(4),
    STATE_SHARDS: '4',
    CONSOLE_SESSION_SECRET: 'session-secret-'.repeat(3),
    CALL_HISTORY_DAYS: '90',
  };

  test('added, changed, removed and unchanged, each by name', () => {
    expect(planVariables(current, wanted)).toEqual({
      added: ['CALL_HISTORY_DAYS', 'CONSOLE_SESSION_SECRET'],
      changed: ['RECORDING_LINK_SECRET', 'STATE_SHARDS'],
      removed: ['OLD_SETTING'],
      unchanged: ['FALLBACK_NUMBER'],
    });
    expect(planVariables({}, {})).toEqual({ added: [], changed: [], removed: [], unchanged: [] });
  });

  test('described with plain values shown and secret values never', () => {
    const lines = describeVariablePlan(planVariables(current, wanted), current, wanted);
    expect(lines).toEqual([
      '    + CALL_HISTORY_DAYS = "90"',
      '    + CONSOLE_SESSION_SECRET = (secret, not shown)',
      '    ~ RECORDING_LINK_SECRET: (secret, changed)',
      '    ~ STATE_SHARDS: "2" -> "4"',
      '    - OLD_SETTING (not in .env: removed from the service)',
      '    2 added, 2 changed, 1 removed, 1 unchanged',
    ]);
    for (const secret of ['old-secret-', 'new-secret-', 'session-secret-']) expect(lines.join('\n')).not.toContain(secret);
  });
});

describe("the service's variables, through the Serverless API (double behind Prism)", () => {
  const api = useTwilioApi();

  /** A service as an earlier deploy left it: "call-routing", its dev environment, and these variables. */
  async function deployedService(variables: Record<string, string>, name = 'call-routing') {
    const client = api.client();
    const service = await client.serverless.v1.services.create({ uniqueName: name, friendlyName: name });
    const environment = await client.serverless.v1
      .services(service.sid)
      .environments.create({ uniqueName: 'dev-environment', domainSuffix: 'dev' });
    for (const [key, value] of Object.entries(variables)) {
      await client.serverless.v1.services(service.sid).environments(environment.sid).variables.create({ key, value });
    }
    return { service, environment };
  }

  test('found by service name and domain suffix, as twilio-run finds them; a variable .env lacks is removed, nothing else', async () => {
    const { service, environment } = await deployedService({ FALLBACK_NUMBER: '+15550100001', OLD_SETTING: 'stale', STATE_SHARDS: '2' });
    await deployedService({ OTHER: 'kept' }, 'another-service');
    const client = api.client();
    expect(await findServiceEnvironment(client, { serviceName: 'call-routing' }, 'prod')).toBeNull();
    expect(await findServiceEnvironment(client, { serviceName: 'no-such-service' }, 'dev')).toBeNull();
    const found = await findServiceEnvironment(client, { serviceName: 'call-routing' }, 'dev');
    // The sid twilio-run remembers (.twiliodeployinfo) wins over the name.
    expect(await findServiceEnvironment(client, { serviceSid: service.sid, serviceName: '' }, 'dev')).toEqual(found);
    expect(await findServiceEnvironment(client, { serviceSid: `ZS${'9'.repeat(32)}`, serviceName: '' }, 'dev')).toBeNull();
    expect(found).toMatchObject({ serviceSid: service.sid, environmentSid: environment.sid, domain: environment.domainName });
    expect(variableRecord(found)).toEqual({ FALLBACK_NUMBER: '+15550100001', OLD_SETTING: 'stale', STATE_SHARDS: '2' });

    api.double.clearRequests();
    const removed = await removeVariablesNotIn(client, found!, { FALLBACK_NUMBER: '+15550100001', STATE_SHARDS: '4' });
    expect(removed).toEqual(['OLD_SETTING']);
    expect(api.double.requests({ product: 'serverless' }).map((request) => request.method)).toEqual(['DELETE']);
    expect(api.double.serverless.variablesOf(service.sid, environment.sid)).toEqual({ FALLBACK_NUMBER: '+15550100001', STATE_SHARDS: '2' });
  });

  test("the Serverless requests are held to Twilio's description: one it refuses is a violation, not served", async () => {
    const client = api.client();
    const service = await client.serverless.v1.services.create({ uniqueName: 'contract-check', friendlyName: 'contract-check' });
    api.double.clearRequests();
    // An environment SID must be ZE and 32 hex digits (twilio_serverless_v1.json): Prism answers 422 itself.
    await expect(client.serverless.v1.services(service.sid).environments('dev').variables.list()).rejects.toThrow();
    expect(api.violations()).toEqual([
      expect.objectContaining({
        method: 'GET',
        status: 422,
        path: expect.stringMatching(/^\/serverless\/v1\/Services\/ZS[0-9a-f]{32}\/Environments\/dev\/Variables/),
      }),
    ]);
    expect(api.double.requestCount()).toBe(0);
    api.clearViolations();
  });

  test('`deploy --dry-run` with credentials shows what would be added, changed and removed, secrets masked, and writes nothing', async () => {
    await deployedService(
      { FALLBACK_NUMBER: '+15550100001', OLD_SETTING: 'stale', RECORDING_LINK_SECRET: 'o'.repeat(40), STATE_SHARDS: '2' },
      'dry-run-service',
    );
    api.double.clearRequests();
    const file = envFile(
      [
        'FALLBACK_NUMBER=+15550100001',
        `RECORDING_LINK_SECRET=${'n'.repeat(40)}`,
        'STATE_SHARDS=4',
        'CALL_HISTORY_DAYS=90',
        'SKIP_SIGNATURE_CHECK=true',
        '',
      ].join('\n'),
    );
    const result = await runCli('deploy', ['--dry-run', '--service-name', 'dry-run-service', '--env-file', file], {
      ACCOUNT_SID: api.accountSid,
      AUTH_TOKEN: api.authToken,
      TWILIO_API_BASE_URL: api.baseUrl,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/ {2}the service's variables \(dry-run-service-\d{4}-dev\.twil\.io\) become exactly \.env's:\n/);
    expect(result.stdout).toContain(
      [
        '    + CALL_HISTORY_DAYS = "90"',
        '    ~ RECORDING_LINK_SECRET: (secret, changed)',
        '    ~ STATE_SHARDS: "2" -> "4"',
        '    - OLD_SETTING (not in .env: removed from the service)',
        '    1 added, 2 changed, 1 removed, 1 unchanged',
      ].join('\n'),
    );
    expect(result.stdout).toContain('(not uploaded, local only: SKIP_SIGNATURE_CHECK)');
    expect(result.stdout).not.toMatch(/o{40}|n{40}/);
    expect(result.stdout).toContain('Dry run: nothing uploaded.');
    expect(api.double.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });

  test('`deploy --dry-run` for a service not deployed yet: every variable added', async () => {
    const file = envFile('FALLBACK_NUMBER=+15550100001\n');
    const result = await runCli('deploy', ['--dry-run', '--service-name', 'never-deployed', '--env-file', file], {
      ACCOUNT_SID: api.accountSid,
      AUTH_TOKEN: api.authToken,
      TWILIO_API_BASE_URL: api.baseUrl,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '  the service has no "dev" environment yet: every variable is added\n    + FALLBACK_NUMBER = "+15550100001"\n    1 added, 0 changed, 0 removed, 0 unchanged',
    );
  });

  test.each([
    [
      'a value over 450 bytes',
      `CONSOLE_ADMINS=${phones(35)}\n`,
      '.env variable CONSOLE_ADMINS is 454 bytes long: Twilio takes at most 450 bytes per value (nothing was uploaded)',
    ],
    [
      'a name over 128 characters',
      `${'LONG_'.repeat(26)}=x\n`,
      `.env variable ${'LONG_'.repeat(26)} has a name of 130 characters: Twilio takes at most 128`,
    ],
    [
      'a context over 3 KB',
      Array.from({ length: 7 }, (_, i) => `NOTE_${i}=${'x'.repeat(440)}`).join('\n'),
      'past 3072 bytes Twilio fails invocations (error 82006, nothing was uploaded)',
    ],
  ])('`deploy` (and `--dry-run`) refuse %s before any request: exit 1, the variable and the limit', async (_title, text, message) => {
    const file = envFile(text);
    const env = { ACCOUNT_SID: api.accountSid, AUTH_TOKEN: api.authToken, TWILIO_API_BASE_URL: api.baseUrl };
    for (const args of [['--dry-run'], []]) {
      api.double.clearRequests();
      const result = await runCli('deploy', [...args, '--service-name', 'refused-service', '--env-file', file], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
      expect(api.double.requestCount()).toBe(0);
    }
  });

  test('the values read from .env are the ones checked (the deploy environment, less local-only variables)', () => {
    // A local-only variable is never uploaded, so it never counts against Twilio's limits.
    const environment = deployEnvironment(
      `TWILIO_API_BASE_URL=http://127.0.0.1:4010/${'x'.repeat(460)}\nFALLBACK_NUMBER=+15550100001\n`,
      {},
    );
    expect(() => checkVariableLimits(environment.variables, PLACE)).not.toThrow();
  });
});
