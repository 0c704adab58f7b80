// Listing numbers against the Twilio API double behind Prism, with the configuration in a bundle file (local
// mode) and in Sync: the account's type, capabilities and dates joined with each workspace's status, whether the
// number is bound here, the workspace filter, and a listing from the configuration alone without credentials.
import { listNumbers } from '../../src/numbers/list';
import { countryOf } from '../../src/phone/phone';
import { WorkspaceScopeError } from '../../src/numbers/errors';
import { createSyncService } from '../support/sync';
import {
  BASE_URL,
  BOUND,
  FALLBACK_URL,
  SMS_URL,
  STATUS_URL,
  VOICE_URL,
  agencyBundle,
  numbersServices,
  pushToSync,
  uniqueNumber,
  writeBundle,
} from '../support/numbers';
import { expectNoContractViolations, startTwilioApi, type TwilioApi } from '../support/twilio-api/index';

let api: TwilioApi;
let acmeBound: string;
let acmeTollFree: string;
let globexNumber: string;
let unassigned: string;
let notOwned: string;

beforeAll(async () => {
  api = await startTwilioApi();
  const now = Date.parse('2026-03-02T10:00:00Z');
  acmeBound = uniqueNumber();
  acmeTollFree = uniqueNumber();
  globexNumber = uniqueNumber();
  unassigned = uniqueNumber();
  notOwned = uniqueNumber();
  Object.assign(api.double.api.addIncoming(acmeBound, now).settings, BOUND);
  api.double.api.addIncoming(acmeTollFree, now, { type: 'TollFree', capabilities: { voice: true, sms: true, mms: false, fax: false } });
  Object.assign(api.double.api.addIncoming(globexNumber, now).settings, { VoiceUrl: 'https://other.example.com/voice' });
  api.double.api.addIncoming(unassigned, now, { type: 'Mobile', capabilities: { voice: true, sms: true, mms: false, fax: false } });
});
afterAll(() => api?.stop());
afterEach(() => expectNoContractViolations(api));

function bundle() {
  const configured = agencyBundle({ acme: [acmeBound, acmeTollFree, notOwned], globex: [globexNumber] });
  configured.workspaces[0]!.numbers![1]!.status = 'inactive';
  return configured;
}

test('local mode, one workspace: only its numbers, joined with the account', async () => {
  const { rows, notes } = await listNumbers(numbersServices(api, { config: writeBundle(bundle()) }), 'acme');
  expect(notes).toEqual([]);
  expect(rows).toEqual([
    {
      number: acmeBound,
      name: 'Acme line 1',
      friendlyName: expect.stringMatching(/^\(555\) /),
      capabilities: ['voice', 'sms', 'mms'],
      type: 'local',
      country: 'US',
      status: 'active',
      created: '2026-03-02',
      workspace: 'acme',
      inAccount: true,
      bound: true,
    },
    {
      number: acmeTollFree,
      name: 'Acme line 2',
      friendlyName: expect.any(String),
      capabilities: ['voice', 'sms'],
      type: 'toll-free',
      country: 'US',
      status: 'inactive',
      created: '2026-03-02',
      workspace: 'acme',
      inAccount: true,
      bound: false,
    },
    {
      number: notOwned,
      name: 'Acme line 3',
      friendlyName: null,
      capabilities: ['voice', 'sms'],
      type: null,
      country: 'US',
      status: 'active',
      created: null,
      workspace: 'acme',
      inAccount: false,
      bound: null,
    },
  ]);
});

test("Sync mode, every workspace: each workspace's numbers, then the account's unassigned ones", async () => {
  const serviceSid = await createSyncService(api);
  await pushToSync(api, serviceSid, bundle());
  const { rows } = await listNumbers(numbersServices(api, { env: { SYNC_SERVICE_SID: serviceSid } }));
  const byNumber = new Map(rows.map((row) => [row.number, row]));
  expect(rows.map((row) => [row.number, row.workspace])).toEqual([
    [acmeBound, 'acme'],
    [acmeTollFree, 'acme'],
    [notOwned, 'acme'],
    [globexNumber, 'globex'],
    [unassigned, null],
  ]);
  expect(byNumber.get(globexNumber)).toMatchObject({ status: 'active', bound: false, inAccount: true });
  expect(byNumber.get(unassigned)).toMatchObject({ workspace: null, status: null, type: 'mobile', name: expect.any(String), bound: false });
  expect(byNumber.get(acmeTollFree)).toMatchObject({ status: 'inactive', type: 'toll-free' });
});

test("a workspace never sees another workspace's or unassigned numbers", async () => {
  const { rows } = await listNumbers(numbersServices(api, { config: writeBundle(bundle()) }), 'globex');
  expect(rows.map((row) => row.number)).toEqual([globexNumber]);
  await expect(listNumbers(numbersServices(api, { config: writeBundle(bundle()) }), 'initech')).rejects.toThrow(WorkspaceScopeError);
});

test('without credentials it lists the configuration alone, without a request; without a base URL binding is unknown', async () => {
  api.double.clearRequests();
  const offline = await listNumbers(
    numbersServices(api, { config: writeBundle(bundle()), env: { ACCOUNT_SID: '', AUTH_TOKEN: '' } }),
    'acme',
  );
  expect(api.double.requestCount()).toBe(0);
  expect(offline.notes[0]).toMatch(/^No ACCOUNT_SID and AUTH_TOKEN in the environment: showing the configuration alone/);
  expect(offline.rows.map((row) => [row.number, row.status, row.inAccount, row.bound, row.type])).toEqual([
    [acmeBound, 'active', null, null, null],
    [acmeTollFree, 'inactive', null, null, null],
    [notOwned, 'active', null, null, null],
  ]);

  const noBase = await listNumbers(numbersServices(api, { config: writeBundle(bundle()), env: { FUNCTIONS_BASE_URL: '' } }), 'acme');
  expect(noBase.notes).toEqual(['No --base-url or FUNCTIONS_BASE_URL: cannot tell which numbers are bound to this deployment']);
  expect(noBase.rows[0]).toMatchObject({ inAccount: true, bound: null, type: 'local' });
});

test("the country column is the number's own country: Canada and the Caribbean within +1, the longest code first", () => {
  expect(countryOf('+14155550100')).toBe('US');
  expect(countryOf('+14165550100')).toBe('CA');
  expect(countryOf('+18092345678')).toBe('DO');
  expect(countryOf('+12465550123')).toBe('BB');
  expect(countryOf('+442079460100')).toBe('GB');
  expect(countryOf('+353123456789')).toBe('IE');
  expect(countryOf('+35812345678')).toBe('FI');
  expect(countryOf('+995322123456')).toBe('GE');
  expect(countryOf('+882123456789')).toBe('+882');
});

// Last: it adds a number to the account the tests above list whole.
test('a number bound without our status callback (bound before call-status, or by hand) is listed as bound, with a note saying how to fix it', async () => {
  const handBound = uniqueNumber();
  Object.assign(api.double.api.addIncoming(handBound, Date.parse('2026-03-02T10:00:00Z')).settings, {
    VoiceUrl: VOICE_URL,
    SmsUrl: SMS_URL,
    VoiceFallbackUrl: FALLBACK_URL,
    VoiceFallbackMethod: 'GET',
  });
  const { rows, notes } = await listNumbers(
    numbersServices(api, { config: writeBundle(agencyBundle({ acme: [handBound], globex: [] })) }),
    'acme',
  );
  expect(rows).toEqual([expect.objectContaining({ number: handBound, bound: true })]);
  expect(notes).toEqual([
    `${handBound} is bound, but its status callback is not ${STATUS_URL}: a caller who hangs up during the voicemail greeting goes untold (npm run numbers -- bind ${handBound} --workspace acme sets it)`,
  ]);
});

// Last: it adds numbers to the account the tests above list whole.
test('a number bound without our Voice fallback (bound before it existed, or by hand) is listed as bound, with a note saying what it misses', async () => {
  const noFallback = uniqueNumber();
  const elsewhereFallback = uniqueNumber();
  // Bound before the connection overrides too: still bound, and only the fallback is missing.
  const legacy = { VoiceUrl: `${BASE_URL}/incoming-call`, SmsUrl: `${BASE_URL}/incoming-sms`, StatusCallback: `${BASE_URL}/call-status` };
  Object.assign(api.double.api.addIncoming(noFallback, Date.parse('2026-03-02T10:00:00Z')).settings, legacy);
  Object.assign(api.double.api.addIncoming(elsewhereFallback, Date.parse('2026-03-02T10:00:00Z')).settings, {
    ...BOUND,
    VoiceFallbackUrl: 'https://old.example.com/fallback',
  });
  const { rows, notes } = await listNumbers(
    numbersServices(api, { config: writeBundle(agencyBundle({ acme: [noFallback, elsewhereFallback], globex: [] })) }),
    'acme',
  );
  expect(rows).toEqual([
    expect.objectContaining({ number: noFallback, bound: true }),
    expect.objectContaining({ number: elsewhereFallback, bound: true }),
  ]);
  const misses = 'when incoming-call fails, a caller hears "an application error has occurred" instead of a phone or a message';
  expect(notes).toEqual([
    `${noFallback} is bound, but its Voice fallback URL is not ${FALLBACK_URL}: ${misses} (npm run numbers -- bind ${noFallback} --workspace acme sets it)`,
    `${elsewhereFallback} is bound, but its Voice fallback URL is not ${FALLBACK_URL}: ${misses} (npm run numbers -- bind ${elsewhereFallback} --workspace acme sets it)`,
  ]);
});
