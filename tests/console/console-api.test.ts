// The console's functions over HTTP, served by twilio-run on a two-workspace configuration, with Twilio Verify (and
// Messages) at the API double behind Prism: sign-in (the local link once; a phone and a Verify code), rate limits,
// sign-out, 401 without a session, 403 for another workspace and for writes without the admin role, saves (invalid
// ones write nothing, stale ones are refused), and the web phone's access token.
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECK_CODE_LIMIT } from '../../src/console/rate-limit';
import { issueSession } from '../../src/console/session';
import { closedDatesOf, recentWorkday } from '../support/clock';
import { callIn, send, unansweredDial } from '../support/drive-call';
import { useTwilioApi } from '../support/twilio-api/index';
import { ROOT, freePort, type FunctionsServer } from '../support/twilio-run';
import { OVERRIDES } from '../support/twiml';
import {
  ACME_ADMIN,
  ACME_USER,
  AGENCY_ADMIN,
  API_KEY_SECRET,
  API_KEY_SID,
  BIRCH_ADMIN,
  BIRCH_USER,
  ConsoleClient,
  LOGIN_TOKEN,
  STRANGER,
  TWIML_APP_SID,
  configFile,
  startConsoleFunctions,
} from './support';

// The JWT library the twilio library signs access tokens with (its own dependency), to verify and read one back.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jwt = require(require.resolve('jsonwebtoken', { paths: [require.resolve('twilio')] })) as {
  verify(token: string, secret: string, options: { algorithms: string[] }): Record<string, unknown> & { iat: number; exp: number };
};

const api = useTwilioApi({ clearRequests: true });
let server: FunctionsServer;
let file: string;
const client = () => new ConsoleClient(server.baseUrl);

beforeAll(async () => {
  file = configFile();
  server = await startConsoleFunctions(api, file);
});
afterAll(() => server?.stop());

const CONSOLE_FUNCTIONS = [
  'console-me',
  'console-settings',
  'console-save',
  'console-send-test',
  'console-phone-token',
  'console-calls',
  'console-impact',
  'console-home',
  'console-agency',
  'console-sign-out',
  'console-contacts',
];

test('every console function but the sign-in steps answers 401 without a session, or with a forged or foreign one', async () => {
  const anonymous = client();
  for (const name of CONSOLE_FUNCTIONS) expect([name, (await anonymous.call(name, { workspace: 'acme' })).status]).toEqual([name, 401]);
  const forged = client();
  forged.cookie = 'v1.eyJzdWIiOiJsb2NhbCIsImFnZW5jeSI6dHJ1ZX0.AAAA';
  for (const name of CONSOLE_FUNCTIONS) expect([name, (await forged.call(name, { workspace: 'acme' })).status]).toEqual([name, 401]);
  const foreign = client(); // well formed, but signed with another secret
  foreign.cookie = issueSession(
    'another-deployment-secret-0123456789abcdef',
    { sub: 'local', agency: true, memberships: [] },
    new Date(),
    60,
  ).token;
  for (const name of CONSOLE_FUNCTIONS) expect([name, (await foreign.call(name, { workspace: 'acme' })).status]).toEqual([name, 401]);
});

test('the local link signs in once, as an admin of every workspace, with an HttpOnly SameSite=Strict cookie', async () => {
  const browser = client();
  const wrong = await browser.openLocalLink('not-the-token-at-all');
  expect(wrong.status).toBe(401);
  const first = await browser.openLocalLink(LOGIN_TOKEN);
  expect(first.status).toBe(302);
  expect(first.location).toBe('/console/index.html');
  expect(first.setCookie).toMatch(/HttpOnly/);
  expect(first.setCookie).toMatch(/SameSite=Strict/);
  const me = await browser.call('console-me');
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ subject: 'local', agency: true });
  expect((me.body.workspaces as { id: string; role: string }[]).map((w) => [w.id, w.role])).toEqual([
    ['acme', 'admin'],
    ['birch', 'admin'],
  ]);
  expect((await client().openLocalLink(LOGIN_TOKEN)).status).toBe(401); // one time only
});

test('sign-in by Verify code: a user gets their own workspace only; a stranger is texted nothing and cannot sign in', async () => {
  const erin = client();
  expect((await erin.signIn(api, BIRCH_ADMIN)).status).toBe(200);
  const me = await erin.call('console-me');
  expect((me.body.workspaces as { id: string; role: string; user: string }[]).map((w) => [w.id, w.role, w.user])).toEqual([
    ['birch', 'admin', 'erin'],
  ]);
  expect(api.double.requestCount({ product: 'verify', path: '/Verifications' })).toBe(1);
  expect(api.double.requestCount({ product: 'verify', path: '/VerificationCheck' })).toBe(1);

  const stranger = client();
  const sent = await stranger.call('console-send-code', { phone: STRANGER });
  expect(sent).toMatchObject({ status: 200, body: { status: 'sent' } }); // the same answer as for a user
  expect(api.double.verify.lastCode(STRANGER)).toBeUndefined();
  expect((await stranger.call('console-sign-in', { phone: STRANGER, code: '123456' })).status).toBe(401);
  expect(stranger.cookie).toBeNull();
});

test('a session from one workspace cannot read or change another', async () => {
  const erin = client();
  await erin.signIn(api, BIRCH_ADMIN);
  expect((await erin.call('console-settings', { workspace: 'birch' })).status).toBe(200);
  const read = await erin.call('console-settings', { workspace: 'acme' });
  expect(read.status).toBe(403);
  expect(JSON.stringify(read.body)).not.toContain('Acme');
  const before = readFileSync(file, 'utf8');
  const write = await erin.call('console-save', { workspace: 'acme', revision: 'x', draft: '{}' });
  expect(write.status).toBe(403);
  expect((await erin.call('console-phone-token', { workspace: 'acme', as: 'alice' })).status).toBe(403);
  expect(readFileSync(file, 'utf8')).toBe(before);
});

test("calls: an admin sees the workspace's calls, a user those that rang them; filters; the impact of an edit before saving", async () => {
  // A recent midweek day, 10:00 or 11:00 in New York: the main line rings its group (alice, carol, dan).
  const open = recentWorkday({ closedDates: closedDatesOf(JSON.parse(readFileSync(file, 'utf8'))) }).at('15:00');
  const main = `CA${'7'.repeat(32)}`;
  const direct = `CA${'8'.repeat(32)}`; // Alice's direct line rings alice alone
  // Each call rings out and the caller hangs up: its end puts it in the history index the Calls page lists.
  for (const [sid, to, from] of [
    [main, '+15550100100', '+15557770001'],
    [direct, '+15550100101', '+15557770002'],
  ] as const) {
    const call = await callIn(server, { to, from, callSid: sid, extra: { SimulatedAt: open } });
    expect(call.incoming.status).toBe(200);
    expect((await send(server, unansweredDial(call, 'no-answer', true))).status).toBe(200);
  }
  const sidsOf = (answer: { body: Record<string, unknown> }) => (answer.body.calls as { callSid: string }[]).map((call) => call.callSid);
  const alice = client();
  await alice.signIn(api, ACME_ADMIN);
  const all = await alice.call('console-calls', { workspace: 'acme' });
  expect(all.status).toBe(200);
  expect(sidsOf(all)).toEqual(expect.arrayContaining([main, direct]));
  expect((all.body.calls as { callSid: string; route: { rule: string } }[]).find((call) => call.callSid === main)).toMatchObject({
    workspace: 'acme',
    route: { to: '+15550100100', from: '+15557770001' },
  });
  expect(sidsOf(await alice.call('console-calls', { workspace: 'acme', number: '+15550100101' }))).toEqual([direct]);
  expect(sidsOf(await alice.call('console-calls', { workspace: 'acme', contact: '+15557770001' }))).toEqual([main]);
  expect((await alice.call('console-calls', { workspace: 'acme', number: '555-0101' })).status).toBe(400);

  const dan = client();
  await dan.signIn(api, ACME_USER);
  const his = sidsOf(await dan.call('console-calls', { workspace: 'acme' }));
  expect(his).toContain(main);
  expect(his).not.toContain(direct);
  expect((await dan.call('console-calls', { workspace: 'birch' })).status).toBe(403);

  // The main line forwarded, as edited and not saved: its call would route differently, the direct line's not.
  const settings = await alice.call('console-settings', { workspace: 'acme' });
  const draft = structuredClone(settings.body.workspace) as {
    numbers: { number: string; mode: string; forwardingNumber: string | null }[];
  };
  Object.assign(draft.numbers.find((number) => number.number === '+15550100100')!, { mode: 'forward', forwardingNumber: '+15550100050' });
  const before = readFileSync(file, 'utf8');
  const impact = await alice.call('console-impact', { workspace: 'acme', draft: JSON.stringify(draft) });
  expect(impact.status).toBe(200);
  const changes = impact.body.changes as { callSid: string; after: { rule: string; legs: string[] } }[];
  expect(changes.map((change) => change.callSid)).toContain(main);
  expect(changes.map((change) => change.callSid)).not.toContain(direct);
  expect(changes.find((change) => change.callSid === main)!.after).toMatchObject({ rule: 'forward-mode', legs: ['number:+15550100050'] });
  expect(readFileSync(file, 'utf8')).toBe(before); // nothing saved
  Object.assign(draft.numbers[0]!, { forwardingNumber: 'soon' });
  expect(await alice.call('console-impact', { workspace: 'acme', draft: JSON.stringify(draft) })).toMatchObject({
    status: 422,
    body: { problems: [expect.objectContaining({ path: 'numbers.0.forwardingNumber' })] },
  });
  expect((await dan.call('console-impact', { workspace: 'acme', draft: JSON.stringify(draft) })).status).toBe(403);
});

test('a user (not admin) reads settings but gets 403 on every write; writes also need the console header', async () => {
  const dan = client();
  expect((await dan.signIn(api, ACME_USER)).status).toBe(200);
  const read = await dan.call('console-settings', { workspace: 'acme' });
  expect(read).toMatchObject({ status: 200, body: { canEdit: false } });
  const revision = read.body.revision as string;
  const before = readFileSync(file, 'utf8');
  expect((await dan.call('console-save', { workspace: 'acme', revision, draft: JSON.stringify(read.body.workspace) })).status).toBe(403);
  expect((await dan.call('console-send-test', { workspace: 'acme', to: '+15559990000' })).status).toBe(403);

  const alice = client();
  await alice.signIn(api, ACME_ADMIN);
  expect(
    (await alice.call('console-save', { workspace: 'acme', revision, draft: JSON.stringify(read.body.workspace) }, { header: false }))
      .status,
  ).toBe(403);
  expect(readFileSync(file, 'utf8')).toBe(before);
});

test('code attempts are rate-limited per phone; sign-out ends the session for good', async () => {
  const guesser = client();
  await guesser.call('console-send-code', { phone: BIRCH_USER });
  const statuses: number[] = [];
  for (let attempt = 0; attempt <= CHECK_CODE_LIMIT.limit; attempt += 1)
    statuses.push((await guesser.call('console-sign-in', { phone: BIRCH_USER, code: '000000' })).status);
  expect(statuses.slice(0, CHECK_CODE_LIMIT.limit).every((status) => status === 401)).toBe(true);
  expect(statuses[CHECK_CODE_LIMIT.limit]).toBe(429);
  // Even the right code is refused now: the attempts of this window are used up.
  const code = api.double.verify.lastCode(BIRCH_USER)!;
  expect((await guesser.call('console-sign-in', { phone: BIRCH_USER, code })).status).toBe(429);
  expect(guesser.cookie).toBeNull();

  const agency = client();
  expect((await agency.signIn(api, AGENCY_ADMIN)).status).toBe(200);
  const session = agency.cookie;
  expect((await agency.call('console-me')).body).toMatchObject({ agency: true });
  expect((await agency.call('console-sign-out')).status).toBe(200);
  expect(agency.cookie).toBeNull();
  const replayed = client();
  replayed.cookie = session;
  expect((await replayed.call('console-me')).status).toBe(401);
});

test('saving: an invalid change writes nothing and names each problem by its field; a stale revision is refused', async () => {
  const admin = client();
  await admin.signIn(api, BIRCH_ADMIN);
  const read = await admin.call('console-settings', { workspace: 'birch' });
  const workspace = read.body.workspace as { numbers: { forwardingNumber: string | null; inboundTimeout: unknown }[] };
  const before = readFileSync(file, 'utf8');

  workspace.numbers[0]!.forwardingNumber = '555-0100';
  workspace.numbers[0]!.inboundTimeout = 900;
  const invalid = await admin.call('console-save', {
    workspace: 'birch',
    revision: read.body.revision as string,
    draft: JSON.stringify(workspace),
  });
  expect(invalid.status).toBe(422);
  expect((invalid.body.problems as { path: string }[]).map((problem) => problem.path).sort()).toEqual([
    'numbers.0.forwardingNumber',
    'numbers.0.inboundTimeout',
  ]);
  expect(readFileSync(file, 'utf8')).toBe(before);

  workspace.numbers[0]!.forwardingNumber = '+15550100402';
  workspace.numbers[0]!.inboundTimeout = 25;
  const saved = await admin.call('console-save', {
    workspace: 'birch',
    revision: read.body.revision as string,
    draft: JSON.stringify(workspace),
  });
  expect(saved.status).toBe(200);
  const written = JSON.parse(readFileSync(file, 'utf8')) as {
    workspaces: { id: string; numbers: { forwardingNumber: string; inboundTimeout: number }[] }[];
  };
  expect(written.workspaces.find((w) => w.id === 'birch')!.numbers[0]).toMatchObject({
    forwardingNumber: '+15550100402',
    inboundTimeout: 25,
  });
  expect(written.workspaces.find((w) => w.id === 'acme')!.numbers).toHaveLength(3); // the other workspace as it was

  // Someone else saves after we read: our save, based on the old revision, is refused, and theirs stands.
  workspace.numbers[0]!.inboundTimeout = 30;
  const stale = await admin.call('console-save', {
    workspace: 'birch',
    revision: read.body.revision as string,
    draft: JSON.stringify(workspace),
  });
  expect(stale.status).toBe(409);
  expect(stale.body.revision).toBe(saved.body.revision);
  expect(
    (JSON.parse(readFileSync(file, 'utf8')) as typeof written).workspaces.find((w) => w.id === 'birch')!.numbers[0]!.inboundTimeout,
  ).toBe(25);
});

test("Send Test texts the workspace's message through Messages (the API double), asking for its delivery report", async () => {
  const admin = client();
  await admin.openLocalLink(LOGIN_TOKEN); // already used: stays signed out
  expect(admin.cookie).toBeNull();
  await admin.signIn(api, AGENCY_ADMIN);
  const sent = await admin.call('console-send-test', { workspace: 'acme', to: '+15559990000' });
  expect(sent).toMatchObject({ status: 200, body: { status: 'sent', to: '+15559990000', from: '+15550100100' } });
  expect(api.double.messages.at(-1)).toMatchObject({ to: '+15559990000', from: '+15550100100' });
  expect(api.double.messages.at(-1)!.body).toContain('Acme Plumbing');
  // Like every text, it asks for its delivery report at message-status, filed under its workspace.
  expect(api.double.messages.at(-1)!.statusCallback).toBe(
    `${server.baseUrl.replace('127.0.0.1', 'localhost')}/message-status?crWorkspace=acme${OVERRIDES}`,
  );
});

test('the web phone token: a Voice grant for <workspace>_<user>_web and the TwiML App, signed with the API key', async () => {
  const dan = client();
  await dan.signIn(api, ACME_USER);
  const answer = await dan.call('console-phone-token', { workspace: 'acme', as: 'alice' }); // `as` is ignored for a user
  expect(answer.status).toBe(200);
  expect(answer.body.identity).toBe('acme_dan_web');
  const claims = jwt.verify(answer.body.token as string, API_KEY_SECRET, { algorithms: ['HS256'] });
  expect(claims.iss).toBe(API_KEY_SID);
  expect(claims.sub).toBe(api.accountSid);
  expect(claims.grants).toEqual({
    identity: 'acme_dan_web',
    voice: { incoming: { allow: true }, outgoing: { application_sid: TWIML_APP_SID } },
  });
  expect(claims.exp - claims.iat).toBe(3600);
});

test('npm start prints a Console: link that signs the local user in once', async () => {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'console-start-'));
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'start.js'), '--port', String(port), '--config', configFile()], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', LOCAL_STATE_DIR: stateDir, AUTH_TOKEN: '', CONSOLE_SESSION_SECRET: '' },
  });
  try {
    let output = '';
    const link = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no Console: line in 30 s:\n${output}`)), 30_000);
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /^Console: (http:\/\/localhost:\d+\/console-login\?token=[\w-]+)$/m.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('set-cookie')).toMatch(/^console_session=v1\.[\w-]+\.[\w-]+;HttpOnly;SameSite=Strict/);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(401);
  } finally {
    child.kill('SIGTERM');
  }
});
