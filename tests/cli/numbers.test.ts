// `npm run numbers -- ...` as a user runs it (the built dist/cli/numbers.js in its own process) against the Twilio
// API double behind Prism: what each command prints, its exit status, progress on standard error, and bad input
// (unknown workspace, a number that is not E.164, missing environment, a release nobody confirmed) refused with
// exit 1 and a clear message, never a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_KILL_AFTER_MS, runCli, type CliResult } from '../support/cli';
import { ROOT } from '../support/twilio-run';
import { createSyncService } from '../support/sync';
import {
  BOUND,
  FALLBACK_URL,
  SMS_URL,
  VOICE_URL,
  agencyBundle,
  incoming,
  numberWrites,
  numbersEnv,
  pullFromSync,
  pushToSync,
  readBundle,
  uniqueNumber,
  writeBundle,
} from '../support/numbers';
import { useTwilioApi } from '../support/twilio-api/index';

const api = useTwilioApi({ clearRequests: true });

const noStack = /\n\s+at /;
const numbers = (args: string[], env: Record<string, string> = {}) => runCli('numbers', args, numbersEnv(api, env));

function refused(result: CliResult, message: string | RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(noStack);
  expect(result.stderr).not.toContain('Unexpected error');
}

function owned(): string {
  const number = uniqueNumber();
  api.double.api.addIncoming(number, Date.parse('2026-03-02T10:00:00Z'));
  return number;
}

test('search prints a table of numbers with capabilities and locality; progress over several area codes goes to stderr', async () => {
  const result = await numbers(['search', '--country', 'US', '--area-code', '415', '--area-code', '510,212', '--sms', '--limit', '7']);
  expect(result.code).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^NUMBER\s+FRIENDLY NAME\s+TYPE\s+LOCALITY\s+REGION\s+COUNTRY\s+CAPABILITIES$/);
  expect(lines[1]).toMatch(/^\+14155550110\s+\(415\) 555-0110\s+local\s+San Francisco\s+CA\s+US\s+voice,sms,mms$/);
  expect(lines).toHaveLength(1 + 7 + 1);
  expect(lines.at(-1)).toBe('7 numbers');
  expect(result.stderr.trimEnd().split('\n')).toEqual([
    '[1/3] area code 415: 5 numbers',
    '[2/3] area code 510: 2 numbers',
    '[3/3] area code 212: not searched, --limit 7 reached',
  ]);
  expect(api.double.requests({ path: 'AvailablePhoneNumbers' }).map((request) => request.query)).toEqual([
    { AreaCode: '415', SmsEnabled: 'true', PageSize: '7' },
    { AreaCode: '510', SmsEnabled: 'true', PageSize: '2' },
  ]);
});

test('search --json prints the numbers as JSON, and nothing else on stdout', async () => {
  const result = await numbers(['search', '--country', 'GB', '--type', 'mobile', '--contains', '7700', '--limit', '2', '--json']);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const found = JSON.parse(result.stdout) as { number: string; type: string; country: string; capabilities: object }[];
  expect(found).toHaveLength(2);
  expect(found[0]).toMatchObject({ type: 'mobile', country: 'GB', capabilities: { voice: true, sms: true, mms: false, fax: false } });
  expect(api.double.requests({ path: 'AvailablePhoneNumbers' })[0]!.query).toEqual({ Contains: '7700', PageSize: '2' });
});

test.each([
  [['--country', 'US'], '$1.15 a month for a local number in US (1.15 USD)'],
  [['--country', 'ca', '--type', 'toll-free'], '$2.15 a month for a toll-free number in CA (2.15 USD)'],
])("price %j: the monthly price from Twilio's Pricing API", async (args, line) => {
  const result = await numbers(['price', ...args]);
  expect(result).toMatchObject({ code: 0, stdout: `${line}\n`, stderr: '' });
  expect(api.double.requests({ product: 'pricing' }).map((request) => request.path)).toEqual([
    `/v1/PhoneNumbers/Countries/${args[1]!.toUpperCase()}`,
  ]);
});

test('price for a country or type Twilio lists no price for says so', async () => {
  refused(await numbers(['price', '--country', 'US', '--type', 'mobile']), 'Twilio lists no price for mobile numbers in US');
  refused(await numbers(['price', '--country', 'ZZ']), 'Twilio lists no price for local numbers in ZZ');
});

test('buy --config: bought with our URLs, added to the file, and list shows it bound', async () => {
  const number = uniqueNumber();
  api.double.api.addAvailable({
    phoneNumber: number,
    type: 'Local',
    isoCountry: 'US',
    capabilities: { voice: true, sms: true, mms: false, fax: false },
  });
  const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
  const buy = await numbers(['buy', number, '--workspace', 'acme', '--name', 'Main line', '--config', file]);
  expect(buy).toMatchObject({ code: 0, stderr: '' });
  expect(buy.stdout).toContain(`Bought ${number} (Main line) for workspace acme`);
  expect(buy.stdout).toContain(`Voice URL  ${VOICE_URL} (POST)`);
  expect(buy.stdout).toContain(`Fallback   ${FALLBACK_URL} (GET)`);
  expect(buy.stdout).toContain(`SMS URL    ${SMS_URL} (POST)`);
  expect(buy.stdout).toContain(`workspace acme: added, active\n  configuration: wrote ${file}`);
  expect(incoming(api, number)!.settings).toMatchObject(BOUND);
  expect(readBundle(file).workspaces[0]!.numbers).toEqual([
    { number, name: 'Main line', status: 'active', capabilities: { voice: true, sms: true } },
  ]);

  const list = await numbers(['list', '--workspace', 'acme', '--config', file]);
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(
    new RegExp(`^\\${number}\\s+Main line\\s+voice,sms\\s+local\\s+US\\s+active\\s+\\d{4}-\\d{2}-\\d{2}\\s+acme\\s+yes$`, 'm'),
  );
});

test('buy of a number in another workspace: exit 1, the reason, nothing bought', async () => {
  const number = uniqueNumber();
  api.double.api.addAvailable({
    phoneNumber: number,
    type: 'Local',
    isoCountry: 'US',
    capabilities: { voice: true, sms: true, mms: false, fax: false },
  });
  const file = writeBundle(agencyBundle({ acme: [], globex: [number] }));
  refused(await numbers(['buy', number, '--workspace', 'acme', '--config', file]), `${number} belongs to workspace "globex", not "acme"`);
  expect(numberWrites(api)).toEqual([]);
});

test('list --json in Sync mode: every workspace, then unassigned numbers', async () => {
  const serviceSid = await createSyncService(api);
  const acme = owned();
  const stray = owned();
  await pushToSync(api, serviceSid, agencyBundle({ acme: [acme], globex: [] }));
  const result = await numbers(['list', '--json'], { SYNC_SERVICE_SID: serviceSid });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const rows = JSON.parse(result.stdout) as { number: string; workspace: string | null; status: string | null; bound: boolean }[];
  expect(rows.find((row) => row.number === acme)).toMatchObject({
    workspace: 'acme',
    status: 'active',
    bound: false,
    created: '2026-03-02',
    type: 'local',
  });
  expect(rows.find((row) => row.number === stray)).toMatchObject({ workspace: null, status: null });
  expect(rows.findIndex((row) => row.number === acme)).toBeLessThan(rows.findIndex((row) => row.number === stray));
});

test('list in local mode without credentials reads the bundled sample and says what it cannot know', async () => {
  const result = await runCli('numbers', ['list'], { ACCOUNT_SID: '', AUTH_TOKEN: '', SYNC_SERVICE_SID: '', FUNCTIONS_BASE_URL: '' });
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^\+15550100100\s+Main line\s+voice,sms\s+-\s+US\s+active\s+-\s+acme\s+\?$/m);
  expect(result.stdout).toContain('3 numbers');
  expect(result.stderr).toContain('No ACCOUNT_SID and AUTH_TOKEN in the environment: showing the configuration alone');
});

test('bind --all twice: progress per number, and the second run sends no update', async () => {
  const first = owned();
  const second = owned();
  const file = writeBundle(agencyBundle({ acme: [first, second], globex: [] }));
  const once = await numbers(['bind', '--all', '--workspace', 'acme', '--config', file]);
  expect(once.code).toBe(0);
  expect(once.stdout).toBe('Workspace acme: 2 bound now, 0 already bound, 0 not in this account\n');
  const all = 'voiceUrl, voiceFallbackUrl, voiceFallbackMethod, statusCallback, smsUrl';
  expect(once.stderr).toBe(`[1/2] ${first}: bound (${all})\n[2/2] ${second}: bound (${all})\n`);

  api.double.clearRequests();
  const twice = await numbers(['bind', '--all', '--workspace', 'acme', '--config', file]);
  expect(twice.stdout).toBe('Workspace acme: 0 bound now, 2 already bound, 0 not in this account\n');
  expect(api.double.requests({ method: 'POST', path: 'IncomingPhoneNumbers' })).toEqual([]);
});

test('bind, deactivate, activate and unbind one number', async () => {
  const number = owned();
  const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
  const bind = await numbers(['bind', number, '--workspace', 'acme', '--name', 'Ported line', '--config', file]);
  expect(bind.stdout).toContain(`Bound ${number} (voiceUrl, voiceFallbackUrl, voiceFallbackMethod, statusCallback, smsUrl)`);
  expect(bind.stdout).toContain('workspace acme: added, active');
  expect((await numbers(['deactivate', number, '--workspace', 'acme', '--config', file])).stdout).toContain(
    `${number} is now inactive in workspace acme`,
  );
  expect(readBundle(file).workspaces[0]!.numbers![0]!.status).toBe('inactive');
  expect((await numbers(['activate', number, '--workspace', 'acme', '--config', file])).stdout).toContain(`${number} is now active`);
  expect((await numbers(['unbind', number, '--workspace', 'acme', '--config', file])).stdout).toBe(
    `Unbound ${number} (cleared voiceUrl, voiceFallbackUrl, statusCallback, smsUrl)\n`,
  );
  expect(incoming(api, number)!.settings.VoiceUrl).toBeNull();
});

test('release refuses while referenced, then releases with --yes --remove-references (Sync mode)', async () => {
  const serviceSid = await createSyncService(api);
  const number = owned();
  await pushToSync(api, serviceSid, agencyBundle({ acme: [number], globex: [] }));
  const env = { SYNC_SERVICE_SID: serviceSid };
  refused(
    await numbers(['release', number, '--workspace', 'acme', '--yes'], env),
    /is still in the configuration of workspace "acme":\n {2}- workspaces\.0\.numbers\.0: routed number/,
  );
  expect(incoming(api, number)).toBeDefined();

  const released = await numbers(['release', number, '--workspace', 'acme', '--yes', '--remove-references'], env);
  expect(released).toMatchObject({ code: 0, stderr: '' });
  expect(released.stdout).toContain(`Released ${number}`);
  expect(released.stdout).toContain('removed workspaces.0.numbers.0: routed number "Acme line 1" of workspace "acme"');
  expect(incoming(api, number)).toBeUndefined();
  expect((await pullFromSync(api, serviceSid)).workspaces[0]!.numbers).toEqual([]);
});

test('release without --yes on a non-interactive stdin refuses at once and changes nothing', async () => {
  const number = owned();
  const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
  const result = await numbers(['release', number, '--workspace', 'acme', '--config', file]);
  refused(result, `release asks for confirmation, and standard input is not a terminal: run it again with --yes to release ${number}`);
  expect(result.signal).toBeNull(); // it exited by itself: it never sat waiting for an answer
  expect(api.double.requestCount()).toBe(0);
  expect(incoming(api, number)).toBeDefined();
});

test('Twilio failing or unreachable: exit 1 with the request and the reason, no stack trace', async () => {
  api.double.faults.set({ kind: 'server-error', product: 'api', match: /AvailablePhoneNumbers/ });
  try {
    refused(await numbers(['search', '--country', 'US']), /^Twilio failed to search local numbers in US: .+ \(HTTP 500, error 20500\)\n$/);
  } finally {
    api.double.faults.clear();
  }
  refused(
    await numbers(['search', '--country', 'US'], { TWILIO_API_BASE_URL: 'http://127.0.0.1:9' }),
    /^Twilio request GET http:\/\/127\.0\.0\.1:9\/api\/.+ failed: /,
  );
});

/** Runs the CLI on a terminal (util-linux `script` gives it one) and answers its question once it is asked. */
function onTerminal(args: string[], answer: string, env: Record<string, string>): Promise<CliResult> {
  const command = [process.execPath, join(ROOT, 'dist', 'cli', 'numbers.js'), ...args].join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let answered = false;
    // A tool that never asks would leave this waiting: killed long after any normal run, and then failed below.
    const timer = setTimeout(() => child.kill(), CLI_KILL_AFTER_MS);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!answered && stdout.includes('[y/N]')) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr: '' });
    });
  });
}

const hasScript = spawnSync('script', ['--version']).status === 0;
(hasScript ? test : test.skip)('release on a terminal asks first: "n" keeps the number, "y" releases it', async () => {
  const number = owned();
  const file = writeBundle(agencyBundle({ acme: [], globex: [] }));
  const args = ['release', number, '--workspace', 'acme', '--config', file];
  const declined = await onTerminal(args, 'n', numbersEnv(api));
  expect(declined.stdout).toMatch(
    new RegExp(`Release \\${number} \\(.+\\) from the Twilio account\\? Twilio may give it to someone else\\. \\[y/N\\]`),
  );
  expect(declined.stdout).toContain(`Not released: ${number} stays in the account`);
  expect(declined.code).toBe(1);
  expect(incoming(api, number)).toBeDefined();

  const confirmed = await onTerminal(args, 'y', numbersEnv(api));
  expect(confirmed.stdout).toContain(`Released ${number}`);
  expect(confirmed.code).toBe(0);
  expect(incoming(api, number)).toBeUndefined();
});

describe('bad input: exit 1, a clear message, no stack trace, no request', () => {
  let file: string;
  beforeAll(() => {
    file = writeBundle(agencyBundle({ acme: [], globex: [] }));
  });
  afterEach(() => expect(api.double.requestCount()).toBe(0));

  test('unknown workspace', async () => {
    refused(
      await numbers(['list', '--workspace', 'initech', '--config', file]),
      'There is no workspace "initech" in the configuration (workspaces: acme, globex)',
    );
  });

  test('a number that is not E.164', async () => {
    refused(
      await numbers(['buy', '415-555-0110', '--workspace', 'acme', '--config', file]),
      'NUMBER must be an E.164 phone number such as +14155550100 (got "415-555-0110")',
    );
  });

  test('no credentials for a command that needs the account', async () => {
    refused(
      await numbers(['search', '--country', 'US'], { ACCOUNT_SID: '', AUTH_TOKEN: '' }),
      "Working with the account's phone numbers needs ACCOUNT_SID, AUTH_TOKEN in the environment (see .env.example)",
    );
  });

  test('no base URL for buy, and a bad one', async () => {
    refused(
      await numbers(['buy', uniqueNumber(), '--workspace', 'acme', '--config', file], { FUNCTIONS_BASE_URL: '' }),
      "needs the deployment's base URL: pass --base-url",
    );
    refused(
      await numbers(['bind', '--all', '--workspace', 'acme', '--config', file, '--base-url', 'http://example.com']),
      '--base-url must be an https:// URL',
    );
    refused(
      await numbers(['list', '--config', file], { FUNCTIONS_BASE_URL: 'https://x.twil.io/incoming-call' }),
      /Invalid environment: FUNCTIONS_BASE_URL must be the service's base URL alone/,
    );
  });

  test('a command that writes, without --config, leaves the shipped sample alone', async () => {
    const sample = readFileSync(`${__dirname}/../../assets/sample-config.private.json`, 'utf8');
    refused(await numbers(['deactivate', '+15550100100', '--workspace', 'acme']), 'the bundled sample');
    expect(readFileSync(`${__dirname}/../../assets/sample-config.private.json`, 'utf8')).toBe(sample);
  });

  test('bind with neither a number nor --all, and a missing --workspace', async () => {
    refused(await numbers(['bind', '--workspace', 'acme', '--config', file]), 'bind takes one NUMBER or --all, not both and not neither');
    refused(await numbers(['activate', '+15550100100', '--config', file]), "required option '--workspace <id>' not specified");
  });
});
