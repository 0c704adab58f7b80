// console-contacts with the configuration in Sync (the API double behind Prism): contacts are items of the workspace's
// contacts_<ws> map, the one `config push` writes and a call reads one item of; the page's list reads the workspace's
// document and the map alone, whatever else the service holds; an import that Sync fails half-way puts back every
// item it wrote, and a call from a contact the console added is routed by that contact.
import { parseBundle } from '../../src/config/parse';
import { SyncConfigurationSource } from '../../src/sync/configuration-source';
import { gatewayFor, serviceWithBundle, syncEnv } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { startFunctions, type FunctionsServer } from '../support/twilio-run';
import {
  ACME_ADMIN,
  API_KEY_SECRET,
  API_KEY_SID,
  AGENCY_ADMIN,
  BIRCH_ADMIN,
  ConsoleClient,
  LOGIN_TOKEN,
  SESSION_SECRET,
  TWIML_APP_SID,
  VERIFY_SERVICE_SID,
  twoWorkspaces,
} from './support';

const api = useTwilioApi({ clearFaults: true });
let server: FunctionsServer;
let serviceSid: string;
let alice: ConsoleClient;

beforeAll(async () => {
  serviceSid = await serviceWithBundle(api, parseBundle(twoWorkspaces()));
  server = await startFunctions({
    ...syncEnv(api, serviceSid),
    CONFIG_CACHE_SECONDS: '0',
    CONSOLE_SESSION_SECRET: SESSION_SECRET,
    CONSOLE_LOGIN_TOKEN: LOGIN_TOKEN,
    CONSOLE_ADMINS: AGENCY_ADMIN,
    VERIFY_SERVICE_SID,
    API_KEY_SID,
    API_KEY_SECRET,
    TWIML_APP_SID,
  });
  alice = new ConsoleClient(server.baseUrl);
  expect((await alice.signIn(api, ACME_ADMIN)).status).toBe(200);
});
afterAll(() => server?.stop());

const mapItems = async (map: string) =>
  Object.fromEntries((await gatewayFor(api, serviceSid).listMapItems(map)).map((item) => [item.key, item.data]));

test('an added contact is an item of the workspace’s map, read by the page and by the call path; another workspace’s map is untouched', async () => {
  const birchBefore = await mapItems('contacts_birch');
  const saved = await alice.call('console-contacts', {
    workspace: 'acme',
    op: 'save',
    contact: JSON.stringify({ phone: '+15550100230', firstName: 'Lena', lastName: 'Voss', assignedUser: 'bob' }),
  });
  expect(saved).toMatchObject({ status: 200, body: { created: 1 } });
  expect((await mapItems('contacts_acme'))['+15550100230']).toEqual({
    phone: '+15550100230',
    firstName: 'Lena',
    lastName: 'Voss',
    assignedUser: 'bob',
    optedOut: false,
  });
  expect(await mapItems('contacts_birch')).toEqual(birchBefore);

  // The list reads acme's document and its contacts map: not the other workspaces, not the numbers.
  api.double.clearRequests();
  const listed = await alice.call('console-contacts', { workspace: 'acme', op: 'list' });
  expect(listed.status).toBe(200);
  expect((listed.body.contacts as { name: string }[]).map((contact) => contact.name)).toContain('Lena Voss');
  const read = api.double.requests({ product: 'sync' }).map((request) => request.path);
  expect(read.filter((path) => /Documents|contacts_/.test(path))).toEqual([
    expect.stringMatching(/\/Documents\/workspace_acme$/),
    expect.stringMatching(/\/Maps\/contacts_acme\/Items$/),
  ]);

  // A call from Lena to the main line finds her, assigned to Bob, with the one map read a call makes.
  const source = new SyncConfigurationSource(gatewayFor(api, serviceSid), { cacheTtlMs: 0 });
  const slice = await source.forCall({ to: '+15550100100', from: '+15550100230' });
  expect(slice.configuration.workspaces[0]?.contacts).toEqual([expect.objectContaining({ phone: '+15550100230', assignedUser: 'bob' })]);

  // Birch's admin neither reads nor writes acme's map.
  const erin = new ConsoleClient(server.baseUrl);
  expect((await erin.signIn(api, BIRCH_ADMIN)).status).toBe(200);
  expect((await erin.call('console-contacts', { workspace: 'acme', op: 'list' })).status).toBe(403);
  expect((await erin.call('console-contacts', { workspace: 'acme', op: 'remove', phone: '+15550100230' })).status).toBe(403);
  expect((await mapItems('contacts_acme'))['+15550100230']).toBeDefined();
});

test('an import that Sync fails half-way leaves the map as it was: the items written are put back', async () => {
  const before = await mapItems('contacts_acme');
  let creates = 0;
  api.double.faults.set({
    kind: 'server-error',
    method: 'POST',
    // The third new item Sync is asked to create fails; the two before it were written.
    match: (request) => /\/Maps\/contacts_acme\/Items$/.test(request.path) && ++creates === 3,
  });
  const rows = [
    { row: 2, phone: '+15550100200', firstName: 'Dana', lastName: 'Whitfield', assignedUser: 'carol' }, // an update
    ...[240, 241, 242, 243, 244].map((last, index) => ({ row: index + 3, phone: `+15550100${last}`, firstName: `New ${index}` })),
  ];
  const answer = await alice.call('console-contacts', { workspace: 'acme', op: 'import', contacts: JSON.stringify(rows) });
  expect(answer.status).toBe(503);
  expect(answer.body.error).toMatch(/nothing was saved/);
  expect(api.double.faults.applied().length).toBe(1);
  expect(await mapItems('contacts_acme')).toEqual(before);

  // Sync well again: the same file imports whole.
  api.double.faults.clear();
  const again = await alice.call('console-contacts', { workspace: 'acme', op: 'import', contacts: JSON.stringify(rows) });
  expect(again).toMatchObject({ status: 200, body: { created: 5, updated: 1 } });
  expect(Object.keys(await mapItems('contacts_acme')).length).toBe(Object.keys(before).length + 5);
});

test('an edit to a new number moves the item to its new key, and a removal removes it, in Sync', async () => {
  const save = (contact: object, original: string) =>
    alice.call('console-contacts', { workspace: 'acme', op: 'save', contact: JSON.stringify(contact), original });
  expect((await save({ phone: '+15550100260', firstName: 'Mo', assignedUser: null }, '')).status).toBe(200);
  expect((await save({ phone: '+15550100261', firstName: 'Mo', lastName: 'Reyes', assignedUser: 'dan' }, '+15550100260')).status).toBe(200);
  const items = await mapItems('contacts_acme');
  expect(items['+15550100260']).toBeUndefined();
  expect(items['+15550100261']).toEqual({
    phone: '+15550100261',
    firstName: 'Mo',
    lastName: 'Reyes',
    assignedUser: 'dan',
    optedOut: false,
  });
  expect((await alice.call('console-contacts', { workspace: 'acme', op: 'remove', phone: '+15550100261' })).status).toBe(200);
  expect((await mapItems('contacts_acme'))['+15550100261']).toBeUndefined();
  expect((await alice.call('console-contacts', { workspace: 'acme', op: 'remove', phone: '+15550100261' })).status).toBe(404);
});
