// The console's guards over HTTP, served by twilio-run with Verify and Sync at the API double behind Prism: no secret
// ever reaches a plain user, and an admin sees a webhook's secret only when it is made (rotate); two saves at the same
// time never both answer "saved" (a bundle file, in separate processes as twilio-run runs them by default, and Sync
// with If-Match), within a workspace and across two; sign-out needs the console's header; a burst of wrong codes
// from one place does not lock the user out; every console response's headers and cookies fit Twilio's 4 KB / 75.
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import type { BundleInput } from '../../src/config/types';
import { parseBundle } from '../../src/config/parse';
import { keptSecret } from '../../src/console/secrets';
import { CHECK_CODE_LIMIT } from '../../src/console/rate-limit';
import { SyncRepository } from '../../src/sync/repository';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
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
  SESSION_SECRET,
  TWIML_APP_SID,
  VERIFY_SERVICE_SID,
  configFile,
  startConsoleFunctions,
  twoWorkspaces,
} from './support';

const api = useTwilioApi({ clearRequests: true });

const WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const WEBHOOK_PATH = '/catch/4242/capability-path-0123';
const WEBHOOK_URL = `https://hooks.example.com${WEBHOOK_PATH}?token=capability-token-4567`;

/** The two workspaces, acme with a webhook whose URL and secret are both secrets. */
function withWebhook(): BundleInput {
  const bundle = twoWorkspaces();
  bundle.workspaces[0]!.webhooks = [{ url: WEBHOOK_URL, secret: WEBHOOK_SECRET, events: ['call.completed'] }];
  return bundle;
}

const storedOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as BundleInput;
const workspaceIn = (bundle: BundleInput, id: string) => bundle.workspaces.find((workspace) => workspace.id === id)!;

type Settings = {
  workspace: Record<string, unknown> & {
    webhooks: { url: string; secret: string }[];
    numbers: { inboundTimeout: number | null; name: string | null }[];
  };
  revision: string;
};

async function signedIn(baseUrl: string, phone: string): Promise<ConsoleClient> {
  const client = new ConsoleClient(baseUrl);
  expect((await client.signIn(api, phone)).status).toBe(200);
  return client;
}

async function settingsOf(client: ConsoleClient, workspace: string): Promise<Settings> {
  const read = await client.call('console-settings', { workspace });
  expect(read.status).toBe(200);
  return read.body as unknown as Settings;
}

describe('a bundle file, the functions warm', () => {
  let server: FunctionsServer;
  let file: string;
  beforeAll(async () => {
    file = configFile(withWebhook());
    server = await startConsoleFunctions(api, file);
  });
  afterAll(() => server?.stop());

  test('no console function gives a plain user a secret: not the webhook secret or URL, nor any of the environment', async () => {
    const dan = await signedIn(server.baseUrl, ACME_USER);
    const secrets = [WEBHOOK_SECRET, WEBHOOK_PATH, 'capability-token-4567', SESSION_SECRET, API_KEY_SECRET, api.authToken, LOGIN_TOKEN];
    const draft = JSON.stringify((await settingsOf(dan, 'acme')).workspace);
    const calls: [string, Record<string, string>][] = [
      ['console-me', {}],
      ['console-settings', { workspace: 'acme' }],
      ['console-calls', { workspace: 'acme' }],
      ['console-impact', { workspace: 'acme', draft }],
      ['console-save', { workspace: 'acme', revision: 'x', draft }],
      ['console-send-test', { workspace: 'acme', to: '+15559990000' }],
      ['console-rotate-secret', { workspace: 'acme', revision: 'x', secret: keptSecret(WEBHOOK_SECRET) }],
      ['console-phone-token', { workspace: 'acme' }],
      ['console-do-not-disturb', { workspace: 'acme', on: 'true' }],
      ['console-contacts', { workspace: 'acme', op: 'list' }],
      ['console-settings', { workspace: 'birch' }],
    ];
    for (const [name, params] of calls) {
      const answer = await dan.call(name, params);
      const seen = `${JSON.stringify(answer.body)} ${answer.setCookie ?? ''}`;
      expect([name, secrets.filter((secret) => seen.includes(secret))]).toEqual([name, []]);
    }
    // What a user does see of the webhook: where events go (the origin), and that a secret is set.
    expect((await settingsOf(dan, 'acme')).workspace.webhooks).toEqual([
      { url: 'https://hooks.example.com/', secret: keptSecret(WEBHOOK_SECRET), events: ['call.completed'] },
    ]);
  });

  test('an admin sees a secret once: masked in the settings, kept by a save, made anew by rotate and shown only in its answer', async () => {
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const read = await settingsOf(alice, 'acme');
    expect(read.workspace.webhooks[0]).toEqual({ url: WEBHOOK_URL, secret: keptSecret(WEBHOOK_SECRET), events: ['call.completed'] });
    expect(JSON.stringify(read)).not.toContain(WEBHOOK_SECRET);

    // A save of the settings as shown (the stand-in in place of the secret) keeps the secret.
    read.workspace.name = 'Acme Plumbing & Heating';
    const saved = await alice.call('console-save', { workspace: 'acme', revision: read.revision, draft: JSON.stringify(read.workspace) });
    expect(saved.status).toBe(200);
    expect(workspaceIn(storedOf(file), 'acme')).toMatchObject({
      name: 'Acme Plumbing & Heating',
      webhooks: [{ url: WEBHOOK_URL, secret: WEBHOOK_SECRET }],
    });
    expect(JSON.stringify(saved.body)).not.toContain(WEBHOOK_SECRET);

    const rotate = { workspace: 'acme', revision: saved.body.revision as string, secret: keptSecret(WEBHOOK_SECRET) };
    const dan = await signedIn(server.baseUrl, ACME_USER);
    expect((await dan.call('console-rotate-secret', rotate)).status).toBe(403);
    expect((await alice.call('console-rotate-secret', rotate, { header: false })).status).toBe(403);
    expect((await alice.call('console-rotate-secret', { ...rotate, revision: read.revision })).status).toBe(409);
    expect(workspaceIn(storedOf(file), 'acme').webhooks![0]!.secret).toBe(WEBHOOK_SECRET);

    const rotated = await alice.call('console-rotate-secret', rotate);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(fresh).not.toBe(WEBHOOK_SECRET);
    expect(rotated.body.kept).toBe(keptSecret(fresh));
    expect(workspaceIn(storedOf(file), 'acme').webhooks![0]!.secret).toBe(fresh);
    const after = await settingsOf(alice, 'acme');
    expect(after.revision).toBe(rotated.body.revision);
    expect(after.workspace.webhooks[0]!.secret).toBe(keptSecret(fresh));
    expect(JSON.stringify(after)).not.toContain(fresh);

    // A page still holding the old stand-in cannot put anything back: the problem names the field.
    const old = { ...after.workspace, webhooks: [{ ...after.workspace.webhooks[0]!, secret: keptSecret(WEBHOOK_SECRET) }] };
    const refused = await alice.call('console-save', { workspace: 'acme', revision: after.revision, draft: JSON.stringify(old) });
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toEqual([{ path: 'webhooks.0.secret', message: expect.stringContaining('reload') }]);
    expect(workspaceIn(storedOf(file), 'acme').webhooks![0]!.secret).toBe(fresh);
  });

  test('sign-out answers only the console page (its header), like a save', async () => {
    const erin = await signedIn(server.baseUrl, BIRCH_ADMIN);
    const session = erin.cookie;
    expect((await erin.call('console-sign-out', {}, { header: false })).status).toBe(403);
    expect(erin.cookie).toBe(session);
    expect((await erin.call('console-me')).status).toBe(200);
    expect((await erin.call('console-sign-out')).status).toBe(200);
    const replayed = new ConsoleClient(server.baseUrl);
    replayed.cookie = session;
    expect((await replayed.call('console-me')).status).toBe(401);
  });

  test('a burst of wrong codes from one place uses up that place only: the user, in their own browser, still signs in', async () => {
    const fay = new ConsoleClient(server.baseUrl);
    expect((await fay.call('console-send-code', { phone: BIRCH_USER })).status).toBe(200);

    // Another place: a script keeping no cookie, then one keeping the cookie its own request for a code gave it.
    const script = new ConsoleClient(server.baseUrl);
    const browser = new ConsoleClient(server.baseUrl);
    await browser.call('console-send-code', { phone: BIRCH_USER });
    for (const attacker of [script, browser]) {
      const statuses: number[] = [];
      for (let attempt = 0; attempt <= CHECK_CODE_LIMIT.limit; attempt += 1)
        statuses.push((await attacker.call('console-sign-in', { phone: BIRCH_USER, code: '000000' })).status);
      expect(statuses).toEqual([...Array(CHECK_CODE_LIMIT.limit).fill(401), 429]);
    }
    // Verify itself gives up on a code after 5 wrong ones: Fay asks for a new one, from her browser, and signs in.
    const code = api.double.verify.lastCode(BIRCH_USER)!;
    const first = await fay.call('console-sign-in', { phone: BIRCH_USER, code });
    if (first.status !== 200) {
      expect(first.status).toBe(401);
      expect((await fay.call('console-send-code', { phone: BIRCH_USER })).status).toBe(200);
      expect((await fay.call('console-sign-in', { phone: BIRCH_USER, code: api.double.verify.lastCode(BIRCH_USER)! })).status).toBe(200);
    }
    expect((await fay.call('console-me')).body).toMatchObject({ subject: BIRCH_USER });
  });
});

describe("a bundle file, a process per request (twilio-run's default, as deployed)", () => {
  // A process per request takes a second or more each on a loaded machine: a deadline for a hang, not a speed target.
  const FORKED_TIMEOUT_MS = 240_000;
  let server: FunctionsServer;
  let file: string;
  beforeAll(async () => {
    file = configFile(withWebhook());
    server = await startFunctions(
      {
        CONFIG_FILE: file,
        ACCOUNT_SID: api.accountSid,
        AUTH_TOKEN: api.authToken,
        TWILIO_API_BASE_URL: api.baseUrl,
        CONSOLE_SESSION_SECRET: SESSION_SECRET,
        CONSOLE_ADMINS: AGENCY_ADMIN,
        VERIFY_SERVICE_SID,
        API_KEY_SID,
        API_KEY_SECRET,
        TWIML_APP_SID,
      },
      { forkProcess: true, extraArgs: ['--no-live'] },
    );
  });
  afterAll(() => server?.stop());

  test(
    'two saves of one workspace from the same revision at once: one is saved, the other gets 409 and its edits back',
    async () => {
      const [one, two] = [await signedIn(server.baseUrl, BIRCH_ADMIN), await signedIn(server.baseUrl, AGENCY_ADMIN)];
      for (let round = 1; round <= 2; round += 1) {
        const read = await settingsOf(one, 'birch');
        const drafts = [10 + round, 40 + round].map((timeout) => ({
          ...read.workspace,
          numbers: [{ ...read.workspace.numbers[0]!, inboundTimeout: timeout }],
        }));
        const answers = await Promise.all(
          [one, two].map((client, n) =>
            client.call('console-save', { workspace: 'birch', revision: read.revision, draft: JSON.stringify(drafts[n]) }),
          ),
        );
        expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
        const winner = answers.findIndex((answer) => answer.status === 200);
        const loser = answers[1 - winner]!;
        expect(loser.body.draft).toEqual(drafts[1 - winner]);
        expect(loser.body.revision).toBe(answers[winner]!.body.revision);
        expect(workspaceIn(storedOf(file), 'birch').numbers![0]!.inboundTimeout).toBe(drafts[winner]!.numbers[0]!.inboundTimeout);
      }
    },
    FORKED_TIMEOUT_MS,
  );

  test(
    'two admins saving two workspaces of the same file at once: both saved, neither undoes the other',
    async () => {
      const [alice, erin] = [await signedIn(server.baseUrl, ACME_ADMIN), await signedIn(server.baseUrl, BIRCH_ADMIN)];
      for (let round = 1; round <= 2; round += 1) {
        const [acme, birch] = [await settingsOf(alice, 'acme'), await settingsOf(erin, 'birch')];
        const answers = await Promise.all([
          alice.call('console-save', {
            workspace: 'acme',
            revision: acme.revision,
            draft: JSON.stringify({ ...acme.workspace, name: `Acme ${round}` }),
          }),
          erin.call('console-save', {
            workspace: 'birch',
            revision: birch.revision,
            draft: JSON.stringify({ ...birch.workspace, name: `Birch ${round}` }),
          }),
        ]);
        expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
        const stored = storedOf(file);
        expect([workspaceIn(stored, 'acme').name, workspaceIn(stored, 'birch').name]).toEqual([`Acme ${round}`, `Birch ${round}`]);
      }
      expect(workspaceIn(storedOf(file), 'acme').webhooks![0]!.secret).toBe(WEBHOOK_SECRET);
    },
    FORKED_TIMEOUT_MS,
  );
});

describe('Sync (documents written with If-Match at the API double)', () => {
  let server: FunctionsServer;
  let serviceSid: string;
  const bundle = () => parseBundle(withWebhook(), 'the test bundle');
  const storedInSync = async () => parseBundle(await new SyncRepository(gatewayFor(api, serviceSid)).readBundle(), 'Sync');
  beforeAll(async () => {
    serviceSid = await serviceWithBundle(api, bundle());
    server = await startFunctions({
      ...syncEnv(api, serviceSid),
      CONSOLE_SESSION_SECRET: SESSION_SECRET,
      CONSOLE_ADMINS: AGENCY_ADMIN,
      VERIFY_SERVICE_SID,
      API_KEY_SID,
      API_KEY_SECRET,
      TWIML_APP_SID,
    });
  });
  afterAll(() => server?.stop());

  test("two saves of one workspace at once: one saved, one 409 with its edits; Sync holds the winner's", async () => {
    const [one, two] = [await signedIn(server.baseUrl, BIRCH_ADMIN), await signedIn(server.baseUrl, AGENCY_ADMIN)];
    for (let round = 1; round <= 3; round += 1) {
      const read = await settingsOf(one, 'birch');
      const drafts = [10 + round, 40 + round].map((timeout) => ({
        ...read.workspace,
        numbers: [{ ...read.workspace.numbers[0]!, inboundTimeout: timeout }],
      }));
      const answers = await Promise.all(
        [one, two].map((client, n) =>
          client.call('console-save', { workspace: 'birch', revision: read.revision, draft: JSON.stringify(drafts[n]) }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const winner = answers.findIndex((answer) => answer.status === 200);
      expect(answers[1 - winner]!.body.draft).toEqual(drafts[1 - winner]);
      expect(workspaceIn(await storedInSync(), 'birch').numbers![0]!.inboundTimeout).toBe(drafts[winner]!.numbers[0]!.inboundTimeout);
    }
    expect(api.violations()).toEqual([]);
  });

  test("two workspaces saved at once: both stand, and a save rewrites only its own workspace's documents", async () => {
    const [alice, erin] = [await signedIn(server.baseUrl, ACME_ADMIN), await signedIn(server.baseUrl, BIRCH_ADMIN)];
    for (let round = 1; round <= 3; round += 1) {
      const [acme, birch] = [await settingsOf(alice, 'acme'), await settingsOf(erin, 'birch')];
      const answers = await Promise.all([
        alice.call('console-save', {
          workspace: 'acme',
          revision: acme.revision,
          draft: JSON.stringify({ ...acme.workspace, name: `Acme ${round}` }),
        }),
        erin.call('console-save', {
          workspace: 'birch',
          revision: birch.revision,
          draft: JSON.stringify({ ...birch.workspace, name: `Birch ${round}` }),
        }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      const stored = await storedInSync();
      expect([workspaceIn(stored, 'acme').name, workspaceIn(stored, 'birch').name]).toEqual([`Acme ${round}`, `Birch ${round}`]);
    }
    expect(workspaceIn(await storedInSync(), 'acme').webhooks![0]!.secret).toBe(WEBHOOK_SECRET);
    const writes = api.double.requests().filter((request) => request.method === 'POST' && /\/Documents\/[^/]+$/.test(request.path));
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((request) => request.headers['if-match'] !== undefined)).toBe(true);
    expect(api.violations()).toEqual([]);
  });

  test('a save and a rotate each read the configuration once: one load serves the access check, the draft and the compare-and-set', async () => {
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    // The configuration's documents a read of it fetches: the index of workspaces, then each workspace's own.
    const configurationReads = () => ({
      index: api.double.requestCount({ product: 'sync', method: 'GET', path: /\/Documents\/deployment$/ }),
      acme: api.double.requestCount({ product: 'sync', method: 'GET', path: /\/Documents\/workspace_acme$/ }),
    });
    const readsDuring = async (call: () => Promise<{ status: number }>, status: number) => {
      const before = configurationReads();
      expect((await call()).status).toBe(status);
      const after = configurationReads();
      return { index: after.index - before.index, acme: after.acme - before.acme };
    };
    const read = await settingsOf(alice, 'acme');
    const draft = JSON.stringify({ ...read.workspace, name: 'Acme, read once' });
    const saved = await readsDuring(() => alice.call('console-save', { workspace: 'acme', revision: read.revision, draft }), 200);
    expect(saved).toEqual({ index: 1, acme: 1 });
    const after = await settingsOf(alice, 'acme');
    const rotate = { workspace: 'acme', revision: after.revision, secret: after.workspace.webhooks[0]!.secret };
    expect(await readsDuring(() => alice.call('console-rotate-secret', rotate), 200)).toEqual({ index: 1, acme: 1 });
    // Refused before anything is written, still from the one read: a stale revision, a secret no webhook has.
    expect(await readsDuring(() => alice.call('console-save', { workspace: 'acme', revision: read.revision, draft }), 409)).toEqual({
      index: 1,
      acme: 1,
    });
    expect(await readsDuring(() => alice.call('console-rotate-secret', { ...rotate, revision: after.revision }), 409)).toEqual({
      index: 1,
      acme: 1,
    });
    expect(api.violations()).toEqual([]);
  });
});

/** The response's headers exactly as they came on the wire: (name, value) pairs. */
function rawHeaders(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: init.method, headers: init.headers }, (response) => {
      const pairs: [string, string][] = [];
      for (let i = 0; i < response.rawHeaders.length; i += 2) pairs.push([response.rawHeaders[i]!, response.rawHeaders[i + 1]!]);
      response.resume();
      response.on('end', () => resolve(pairs));
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

describe("Twilio's limit on a response's headers and cookies (4 KB, 75 headers: error 82008)", () => {
  let server: FunctionsServer;
  // A user of many workspaces (a long session cookie), and long workspace and user ids.
  const WORKSPACES = 24;
  const manyWorkspaces = (): BundleInput => {
    const bundle = withWebhook();
    for (let n = 0; n < WORKSPACES; n += 1) {
      bundle.workspaces.push({
        id: `client-workspace-with-a-long-name-${n}`,
        name: `Client ${n}`,
        users: [{ id: 'agency-staff-member-with-a-long-id', name: 'Staff', phone: BIRCH_USER, role: 'admin' }],
      });
    }
    return bundle;
  };
  beforeAll(async () => {
    server = await startConsoleFunctions(api, configFile(manyWorkspaces()));
  });
  afterAll(() => server?.stop());

  test('every console function answers with headers and cookies under 4 KB and 75 headers, and takes the cookies it sets', async () => {
    const page = new ConsoleClient(server.baseUrl);
    const measured: { name: string; bytes: number; count: number; requestBytes: number }[] = [];
    const bytesOf = (pairs: [string, string][]) => pairs.reduce((sum, [key, value]) => sum + Buffer.byteLength(`${key}: ${value}\r\n`), 0);
    const measure = async (name: string, init: { method?: string; params?: Record<string, string>; path?: string }) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Console-Request': '1' };
      const cookies = [...(page.cookie ? [['console_session', page.cookie]] : []), ...page.otherCookies].map(
        ([key, value]) => `${key}=${value}`,
      );
      if (cookies.length) headers.Cookie = cookies.join('; ');
      const pairs = await rawHeaders(`${server.baseUrl}${init.path ?? `/${name}`}`, {
        method: init.method ?? 'POST',
        headers,
        ...(init.params ? { body: JSON.stringify(init.params) } : {}),
      });
      measured.push({ name, bytes: bytesOf(pairs), count: pairs.length, requestBytes: bytesOf(Object.entries(headers)) });
    };
    await measure('console-send-code', { params: { phone: BIRCH_USER } });
    await measure('console-sign-in (a wrong code)', { path: '/console-sign-in', params: { phone: BIRCH_USER, code: '000000' } });
    await page.signIn(api, BIRCH_USER);
    expect(page.cookie).not.toBeNull();
    // Signing in again from the same page: the answer sets the longest session cookie (every workspace in it).
    await page.call('console-send-code', { phone: BIRCH_USER });
    await measure('console-sign-in', { params: { phone: BIRCH_USER, code: api.double.verify.lastCode(BIRCH_USER)! } });
    const workspace = 'client-workspace-with-a-long-name-0'; // Fay is an admin there
    const settings = await settingsOf(page, workspace);
    const draft = JSON.stringify(settings.workspace);
    for (const [name, params] of [
      ['console-me', {}],
      ['console-settings', { workspace }],
      ['console-calls', { workspace }],
      ['console-impact', { workspace, draft }],
      ['console-save', { workspace, revision: 'stale', draft }],
      ['console-send-test', { workspace, to: '+1555' }],
      ['console-phone-token', { workspace: 'birch' }],
      ['console-rotate-secret', { workspace, revision: 'stale', secret: 'kept:x' }],
      ['console-do-not-disturb', { workspace, on: 'false', revision: 'stale' }],
    ] as const)
      await measure(name, { params });
    await measure('the console page', { method: 'GET', path: '/console/index.html' });
    await measure('console-sign-out', { params: {} });
    await measure('console-me (signed out: the cookie is cleared)', { path: '/console-me', params: {} });
    const login = await rawHeaders(`${server.baseUrl}/console-login?token=${LOGIN_TOKEN}`, { method: 'GET', headers: {} });
    measured.push({ name: 'console-login', bytes: bytesOf(login), count: login.length, requestBytes: 0 });
    expect(login.some(([key, value]) => key.toLowerCase() === 'set-cookie' && value.startsWith('console_session='))).toBe(true);

    expect(measured).toHaveLength(16);
    for (const entry of measured)
      expect([entry.name, entry.bytes < 4096, entry.count < 75, entry.requestBytes < 4096]).toEqual([entry.name, true, true, true]);
    // The session cookie of a user of every workspace is the largest part: it was measured, not assumed.
    const signIn = measured.find((entry) => entry.name === 'console-sign-in')!;
    expect(signIn.bytes).toBeGreaterThan(measured.find((entry) => entry.name === 'console-me')!.bytes);
  });
});
