// The console's phone numbers (console-numbers) over HTTP, served by twilio-run, with the phone numbers and the
// Pricing API at the Twilio API double behind Prism (every request checked against Twilio's descriptions): an admin
// lists their workspace's numbers with what the account says of them and never another workspace's; searches numbers
// for sale with the monthly price; buys one (bound and added to the workspace, active, in one step); fixes a number
// that points elsewhere; binds a number the account owns; releases one only with the number typed again. Plain users,
// other workspaces' admins and requests without the console's header are refused; locally without a Twilio account
// the configured numbers are listed with how to connect one.
import { readFileSync } from 'node:fs';
import type { BundleInput } from '../../src/config/types';
import { CONNECT_ACCOUNT } from '../../src/console/numbers';
import { typedConfirms } from '../../src/numbers/typed-confirmation';
import { BASE_URL, BOUND, SMS_URL, VOICE_URL, incoming, numberWrites, uniqueNumber } from '../support/numbers';
import { parseBundle } from '../../src/config/parse';
import { SyncRepository } from '../../src/sync/repository';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import {
  ACME_ADMIN,
  ACME_USER,
  AGENCY_ADMIN,
  BIRCH_ADMIN,
  ConsoleClient,
  LOGIN_TOKEN,
  SESSION_SECRET,
  VERIFY_SERVICE_SID,
  configFile,
  startConsoleFunctions,
  twoWorkspaces,
} from './support';

const api = useTwilioApi({ clearRequests: true });

const ACME_MAIN = '+15550100100'; // the sample's Main line, bound here
const ACME_DIRECT = '+15550100101'; // Alice's direct line: in the account, pointing elsewhere
const ACME_EMERGENCY = '+15550100102'; // in the configuration, not in the account
const BIRCH_FRONT = '+15550100400'; // Birch Dental's front desk

type Listed = { number: string; name: string; status: string | null; bound: boolean | null; needsFix: boolean; [key: string]: unknown };
type NumbersBody = { numbers: Listed[]; unassigned: Listed[]; connected: boolean; cannotChange: string | null; error?: string };

const stored = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as BundleInput;
const numbersIn = (file: string, workspace: string) =>
  stored(file).workspaces.find((candidate) => candidate.id === workspace)!.numbers ?? [];

const sessions = new Map<string, ConsoleClient>();
/** A client signed in with this phone, once per server (sign-in codes are rate limited, as they should be). */
async function signedIn(baseUrl: string, phone: string): Promise<ConsoleClient> {
  const key = `${baseUrl} ${phone}`;
  const known = sessions.get(key);
  if (known) return known;
  const client = new ConsoleClient(baseUrl);
  expect((await client.signIn(api, phone)).status).toBe(200);
  sessions.set(key, client);
  return client;
}

const numbersCall = (client: ConsoleClient, params: Record<string, string>, options?: { header?: boolean }) =>
  client
    .call('console-numbers', params, options)
    .then((answer) => ({ status: answer.status, body: answer.body as unknown as NumbersBody }));

describe('with a Twilio account and the deployment known', () => {
  let server: FunctionsServer;
  let file: string;
  let unassigned: string;
  beforeAll(async () => {
    file = configFile();
    const now = api.double.clock.now();
    Object.assign(api.double.api.addIncoming(ACME_MAIN, now).settings, BOUND);
    Object.assign(api.double.api.addIncoming(ACME_DIRECT, now, { type: 'TollFree' }).settings, {
      VoiceUrl: 'https://elsewhere.example.com/voice',
    });
    Object.assign(api.double.api.addIncoming(BIRCH_FRONT, now).settings, BOUND);
    unassigned = uniqueNumber();
    api.double.api.addIncoming(unassigned, now);
    server = await startConsoleFunctions(api, file, { FUNCTIONS_BASE_URL: BASE_URL });
  });
  afterAll(() => server?.stop());

  test("an admin's list: the workspace's numbers with the account's facts, the account's unused numbers, never another workspace's", async () => {
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const { status, body } = await numbersCall(alice, { workspace: 'acme', action: 'list' });
    expect(status).toBe(200);
    const created = new Date(api.double.clock.now()).toISOString().slice(0, 10);
    expect(body.numbers).toEqual([
      {
        number: ACME_MAIN,
        name: 'Main line',
        capabilities: ['voice', 'sms', 'mms'],
        type: 'local',
        country: 'US',
        status: 'active',
        created,
        inAccount: true,
        bound: true,
        needsFix: false,
      },
      expect.objectContaining({ number: ACME_DIRECT, type: 'toll-free', inAccount: true, bound: false, needsFix: true }),
      expect.objectContaining({ number: ACME_EMERGENCY, inAccount: false, bound: null, type: null, created: null }),
    ]);
    expect(body.unassigned.map((row) => row.number)).toEqual([unassigned]);
    expect(JSON.stringify(body)).not.toContain(BIRCH_FRONT);
    expect(body).toMatchObject({ connected: true, cannotChange: null });
  });

  test('who may: a plain user, another workspace admin, and a request without the console header are refused', async () => {
    const cases: [string, string, { header?: boolean }, number][] = [
      [ACME_USER, 'acme', {}, 403],
      [BIRCH_ADMIN, 'acme', {}, 403],
      [ACME_ADMIN, 'acme', { header: false }, 403],
      [ACME_ADMIN, 'birch', {}, 403],
      [BIRCH_ADMIN, 'birch', {}, 200],
    ];
    for (const [phone, workspace, options, expected] of cases) {
      const client = await signedIn(server.baseUrl, phone);
      const answer = await numbersCall(client, { workspace, action: 'list' }, options);
      expect([phone, workspace, options, answer.status]).toEqual([phone, workspace, options, expected]);
      if (answer.status === 200) expect(answer.body.numbers.map((row) => row.number)).toEqual([BIRCH_FRONT]);
    }
  });

  test("search: numbers for sale by area code, contains and capabilities, with Twilio's monthly price for the type", async () => {
    const sms = uniqueNumber();
    const voiceOnly = uniqueNumber();
    const tollFree = uniqueNumber();
    api.double.api.addAvailable(
      { phoneNumber: sms, type: 'Local', isoCountry: 'US', capabilities: { voice: true, sms: true, mms: false, fax: false } },
      { phoneNumber: voiceOnly, type: 'Local', isoCountry: 'US', capabilities: { voice: true, sms: false, mms: false, fax: false } },
      { phoneNumber: tollFree, type: 'TollFree', isoCountry: 'US', capabilities: { voice: true, sms: true, mms: false, fax: false } },
    );
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const local = await alice.call('console-numbers', {
      workspace: 'acme',
      action: 'search',
      country: 'US',
      sms: 'true',
      contains: sms.slice(-4),
    });
    expect(local.status).toBe(200);
    expect((local.body.numbers as { number: string }[]).map((offer) => offer.number)).toEqual([sms]);
    expect(local.body.price).toEqual({ country: 'US', type: 'local', amount: 1.15, currency: 'USD' });

    const free = await alice.call('console-numbers', {
      workspace: 'acme',
      action: 'search',
      country: 'us',
      type: 'toll-free',
      contains: tollFree.slice(-4),
    });
    expect((free.body.numbers as { number: string }[]).map((offer) => offer.number)).toEqual([tollFree]);
    expect(free.body.price).toEqual({ country: 'US', type: 'toll-free', amount: 2.15, currency: 'USD' });
    expect(api.double.requests({ product: 'pricing' }).map((request) => request.path)).toEqual([
      '/v1/PhoneNumbers/Countries/US',
      '/v1/PhoneNumbers/Countries/US',
    ]);

    // Twilio lists no price for a type: the numbers are still shown, the price is unknown.
    api.double.pricing.setCountry('US', { country: 'United States', priceUnit: 'USD', prices: [] });
    try {
      const unpriced = await alice.call('console-numbers', { workspace: 'acme', action: 'search', country: 'US', contains: sms.slice(-4) });
      expect(unpriced.body).toMatchObject({ numbers: [expect.objectContaining({ number: sms })], price: null });
    } finally {
      api.double.pricing.setCountry('US', {
        country: 'United States',
        priceUnit: 'USD',
        prices: [
          { numberType: 'local', basePrice: 1.15, currentPrice: 1.15 },
          { numberType: 'toll free', basePrice: 2.15, currentPrice: 2.15 },
        ],
      });
    }
  });

  test.each([
    [{ country: 'USA' }, 'Country must be a two-letter ISO country code such as US or GB (got "USA")'],
    [{ country: 'US', areaCode: '4l5' }, 'Area code must be digits such as 415, repeated or separated by commas (got "4l5")'],
    [{ country: 'US', contains: '5' }, 'Contains must be 2 to 16 digits or letters, with * for any one digit (got "5")'],
    [{ country: 'US', type: 'premium' }, 'Type must be one of local, toll-free, mobile (got "premium")'],
  ])('a search the owner mistyped (%j) says which field and how, and asks Twilio nothing', async (fields, error) => {
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    api.double.clearRequests();
    const answer = await alice.call('console-numbers', { workspace: 'acme', action: 'search', ...fields });
    expect(answer).toMatchObject({ status: 400, body: { error } });
    expect(api.double.requestCount({ product: 'api', path: 'AvailablePhoneNumbers' })).toBe(0);
  });

  test('buy: one step buys it with our URLs and adds it to the workspace, active; the list shows it bound', async () => {
    const number = uniqueNumber();
    api.double.api.addAvailable({
      phoneNumber: number,
      type: 'Local',
      isoCountry: 'US',
      capabilities: { voice: true, sms: true, mms: false, fax: false },
    });
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const bought = await numbersCall(alice, { workspace: 'acme', action: 'buy', number, name: 'Google Ads line' });
    expect(bought.status).toBe(200);
    expect(numberWrites(api).map((write) => [write.method, write.params.PhoneNumber, write.params.VoiceUrl, write.params.SmsUrl])).toEqual([
      ['POST', number, VOICE_URL, SMS_URL],
    ]);
    expect(numbersIn(file, 'acme')).toContainEqual({
      number,
      name: 'Google Ads line',
      status: 'active',
      capabilities: { voice: true, sms: true },
    });
    expect(bought.body.numbers.find((row) => row.number === number)).toMatchObject({
      name: 'Google Ads line',
      status: 'active',
      bound: true,
    });
  });

  test("another workspace's number: never bought, bound or released from here, and the answer does not name that workspace", async () => {
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const before = stored(file);
    for (const action of ['buy', 'bind', 'release']) {
      const answer = await numbersCall(alice, { workspace: 'acme', action, number: BIRCH_FRONT, confirmation: BIRCH_FRONT });
      expect([action, answer.status]).toEqual([action, 403]);
      expect(answer.body.error).toBe("That number is not one of this workspace's, so it cannot be used or changed here.");
      expect(JSON.stringify(answer.body)).not.toMatch(/birch/i);
    }
    expect(numberWrites(api)).toEqual([]);
    expect(stored(file)).toEqual(before);
  });

  test('a number sold meanwhile: Twilio refuses, the owner is told why, and the workspace is unchanged', async () => {
    const gone = uniqueNumber(); // never offered: Twilio answers 21422
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const before = stored(file);
    const answer = await numbersCall(alice, { workspace: 'acme', action: 'buy', number: gone });
    expect(answer.status).toBe(502);
    expect(answer.body.error).toBe(`Twilio refused to buy ${gone}: Phone number ${gone} is not available. (HTTP 400, error 21422)`);
    expect(stored(file)).toEqual(before);
  });

  test('fix: a bound number without our voice fallback and status callback is listed as needing a fix, and Fix sets them', async () => {
    const record = incoming(api, ACME_MAIN)!;
    Object.assign(record.settings, { VoiceFallbackUrl: null, StatusCallback: null });
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const listed = await numbersCall(alice, { workspace: 'acme', action: 'list' });
    expect(listed.body.numbers.find((row) => row.number === ACME_MAIN)).toMatchObject({ bound: true, needsFix: true });
    const fixed = await numbersCall(alice, { workspace: 'acme', action: 'bind', number: ACME_MAIN });
    expect(fixed.status).toBe(200);
    expect(record.settings).toMatchObject(BOUND);
    expect(fixed.body.numbers.find((row) => row.number === ACME_MAIN)).toMatchObject({ bound: true, needsFix: false });
  });

  test('fix: a number of the workspace that points elsewhere is pointed here, and the list says so', async () => {
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const fixed = await numbersCall(alice, { workspace: 'acme', action: 'bind', number: ACME_DIRECT });
    expect(fixed.status).toBe(200);
    expect(incoming(api, ACME_DIRECT)!.settings).toMatchObject(BOUND);
    expect(fixed.body.numbers.find((row) => row.number === ACME_DIRECT)).toMatchObject({ bound: true, needsFix: false });
  });

  test('bind: a number the account owns and no workspace uses joins the workspace, bound; then it is no longer offered', async () => {
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const bound = await numbersCall(alice, { workspace: 'acme', action: 'bind', number: unassigned, name: 'Spare line' });
    expect(bound.status).toBe(200);
    expect(incoming(api, unassigned)!.settings).toMatchObject(BOUND);
    expect(numbersIn(file, 'acme')).toContainEqual(expect.objectContaining({ number: unassigned, name: 'Spare line', status: 'active' }));
    expect(bound.body.unassigned.map((row) => row.number)).not.toContain(unassigned);
  });

  test('release: only with the number typed again; then it leaves the account and every setting of the workspace', async () => {
    const number = uniqueNumber();
    api.double.api.addAvailable({
      phoneNumber: number,
      type: 'Local',
      isoCountry: 'US',
      capabilities: { voice: true, sms: true, mms: false, fax: false },
    });
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    expect((await numbersCall(alice, { workspace: 'acme', action: 'buy', number })).status).toBe(200);
    api.double.clearRequests();

    const wrong = await numbersCall(alice, { workspace: 'acme', action: 'release', number, confirmation: '555 0000' });
    expect(wrong).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^Type the number exactly as shown to release it/) } });
    expect(incoming(api, number)).toBeDefined();
    expect(numbersIn(file, 'acme').map((entry) => entry.number)).toContain(number);

    const national = `(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`;
    const released = await numbersCall(alice, { workspace: 'acme', action: 'release', number, confirmation: national });
    expect(released.status).toBe(200);
    expect(incoming(api, number)).toBeUndefined();
    expect(numbersIn(file, 'acme').map((entry) => entry.number)).not.toContain(number);
    expect(released.body.numbers.map((row) => row.number)).not.toContain(number);
  });

  test('release refuses an account number that is no workspace’s: it is not this workspace’s to give away', async () => {
    const spare = uniqueNumber();
    api.double.api.addIncoming(spare, api.double.clock.now());
    const alice = await signedIn(server.baseUrl, ACME_ADMIN);
    const answer = await numbersCall(alice, { workspace: 'acme', action: 'release', number: spare, confirmation: spare });
    expect(answer.status).toBe(403);
    expect(incoming(api, spare)).toBeDefined();
  });
});

test.each([
  ['+15550100123', '+15550100123', true],
  ['(555) 010-0123', '+15550100123', true],
  ['555.010.0123', '+15550100123', true],
  ['010-0123', '+15550100123', false],
  ['0123', '+15550100123', false],
  ['(555) 010-0124', '+15550100123', false],
  ['', '+15550100123', false],
  ['+44 20 7946 0958', '+442079460958', true],
  ['020 7946 0958', '+442079460958', true],
  ['7946 0958', '+442079460958', false],
])('the typed confirmation %j for %s confirms: %s', (typed, number, confirms) => {
  expect(typedConfirms(typed, number)).toBe(confirms);
});

describe('a deployment with Sync: the configuration the functions serve', () => {
  let server: FunctionsServer;
  let serviceSid: string;
  const inSync = async () => parseBundle(await new SyncRepository(gatewayFor(api, serviceSid)).readBundle(), 'Sync');
  beforeAll(async () => {
    serviceSid = await serviceWithBundle(api, parseBundle(twoWorkspaces(), 'the test bundle'));
    server = await startFunctions({
      ...syncEnv(api, serviceSid),
      FUNCTIONS_BASE_URL: BASE_URL,
      CONSOLE_SESSION_SECRET: SESSION_SECRET,
      CONSOLE_ADMINS: AGENCY_ADMIN,
      VERIFY_SERVICE_SID,
    });
  });
  afterAll(() => server?.stop());

  test("a purchase is in Sync at once, in the buyer's workspace only, and the list read from Sync shows it", async () => {
    const number = uniqueNumber();
    api.double.api.addAvailable({
      phoneNumber: number,
      type: 'Local',
      isoCountry: 'US',
      capabilities: { voice: true, sms: true, mms: false, fax: false },
    });
    const erin = await signedIn(server.baseUrl, BIRCH_ADMIN);
    const bought = await numbersCall(erin, { workspace: 'birch', action: 'buy', number, name: 'Second desk' });
    expect(bought.status).toBe(200);
    const pulled = await inSync();
    const numbersOf = (id: string) => pulled.workspaces.find((workspace) => workspace.id === id)!.numbers.map((entry) => entry.number);
    expect(numbersOf('birch')).toEqual([BIRCH_FRONT, number]);
    expect(numbersOf('acme')).not.toContain(number);
    expect(bought.body.numbers.map((row) => [row.name, row.status, row.bound])).toEqual([
      ['Front desk', 'active', true],
      ['Second desk', 'active', true],
    ]);
  });
});

describe('locally, without a Twilio account (npm start before one is connected)', () => {
  let server: FunctionsServer;
  beforeAll(async () => {
    server = await startFunctions({
      CONFIG_FILE: configFile(),
      CONSOLE_SESSION_SECRET: SESSION_SECRET,
      CONSOLE_LOGIN_TOKEN: LOGIN_TOKEN,
      CONSOLE_ADMINS: AGENCY_ADMIN,
    });
  });
  afterAll(() => server?.stop());

  test('the configured numbers are listed, with how to connect an account; a search says what is missing', async () => {
    const local = new ConsoleClient(server.baseUrl);
    expect((await local.openLocalLink(LOGIN_TOKEN)).status).toBe(302);
    const { status, body } = await numbersCall(local, { workspace: 'acme', action: 'list' });
    expect(status).toBe(200);
    expect(body.numbers.map((row) => [row.number, row.name, row.status, row.inAccount, row.bound])).toEqual([
      [ACME_MAIN, 'Main line', 'active', null, null],
      [ACME_DIRECT, "Alice's direct line", 'active', null, null],
      [ACME_EMERGENCY, 'Emergency line', 'active', null, null],
    ]);
    expect(body).toMatchObject({ connected: false, cannotChange: CONNECT_ACCOUNT, unassigned: [] });
    const search = await numbersCall(local, { workspace: 'acme', action: 'search', country: 'US' });
    expect(search.status).toBe(503);
    expect(search.body.error).toMatch(/ACCOUNT_SID/);
  });
});
