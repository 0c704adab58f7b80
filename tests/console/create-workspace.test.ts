// The agency's "create a workspace" (console-create-workspace), served by twilio-run on a two-workspace configuration
// file: an agency admin adds a workspace (its id made from its name, a second of the same name numbered), which is at
// once in the configuration and on their list; a workspace admin, a missing console header, and an invalid time zone
// or company phone write nothing. Then the same writer on Sync (the API double behind Prism): a workspace added to
// the index and readable back, and two adds at once both kept.
import { readFileSync } from 'node:fs';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { SyncConfigurationStore } from '../../src/numbers/configuration';
import { addWorkspace } from '../../src/console/settings';
import { workspaceIdFrom } from '../../src/console/workspaces';
import { SyncRepository } from '../../src/sync/repository';
import { gatewayFor, serviceWithBundle } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import type { FunctionsServer } from '../support/twilio-run';
import { ACME_ADMIN, AGENCY_ADMIN, ConsoleClient, configFile, startConsoleFunctions, twoWorkspaces } from './support';

const api = useTwilioApi();
let server: FunctionsServer;
let file: string;

beforeAll(async () => {
  file = configFile();
  server = await startConsoleFunctions(api, file);
});
afterAll(async () => {
  await server?.stop();
});

const stored = () => JSON.parse(readFileSync(file, 'utf8')) as BundleInput;

test.each([
  ['Cedar Dental', [], 'cedar-dental'],
  ['Cedar Dental', ['cedar-dental'], 'cedar-dental-2'],
  ['Cedar Dental', ['cedar-dental', 'cedar-dental-2'], 'cedar-dental-3'],
  ['  Müller & Söhne, GmbH ', [], 'muller-sohne-gmbh'],
  ['!!!', [], 'workspace'],
  ['A'.repeat(60), [], 'a'.repeat(36)],
])('the id made from the name %j (taken: %j) is %s', (name, taken, id) => {
  expect(workspaceIdFrom(name, new Set(taken))).toBe(id);
});

test('an agency admin creates a workspace: in the configuration at once, on their list, a second of the same name numbered', async () => {
  const agency = new ConsoleClient(server.baseUrl);
  expect((await agency.signIn(api, AGENCY_ADMIN)).status).toBe(200);
  const created = await agency.call('console-create-workspace', {
    name: 'Cedar Dental',
    timeZone: 'America/Chicago',
    companyPhone: '+15550100500',
  });
  expect(created).toMatchObject({ status: 200, body: { status: 'added', id: 'cedar-dental', name: 'Cedar Dental' } });
  expect(stored().workspaces.find((workspace) => workspace.id === 'cedar-dental')).toEqual({
    id: 'cedar-dental',
    name: 'Cedar Dental',
    timeZone: 'America/Chicago',
    companyPhone: '+15550100500',
    users: [],
    numbers: [],
  });
  // The rest of the configuration as it was, and still valid.
  expect(parseBundle(stored(), 'the file').workspaces.map((workspace) => workspace.id)).toEqual(['acme', 'birch', 'cedar-dental']);
  const me = await agency.call('console-me');
  expect((me.body.workspaces as { id: string; role: string }[]).find((workspace) => workspace.id === 'cedar-dental')).toMatchObject({
    role: 'admin',
  });
  const again = await agency.call('console-create-workspace', { name: 'Cedar Dental', timeZone: 'UTC', companyPhone: '' });
  expect(again).toMatchObject({ status: 200, body: { id: 'cedar-dental-2' } });
  expect(stored().workspaces.find((workspace) => workspace.id === 'cedar-dental-2')).toMatchObject({ companyPhone: null, timeZone: 'UTC' });
});

test.each([
  {
    case: 'a time zone that is not one',
    params: { name: 'Dune Vets', timeZone: 'Mars/Olympus', companyPhone: '' },
    status: 422,
    problem: 'timeZone',
  },
  {
    case: 'a company phone that is not E.164',
    params: { name: 'Dune Vets', timeZone: 'UTC', companyPhone: '555-0100' },
    status: 422,
    problem: 'companyPhone',
  },
  { case: 'no name', params: { name: '  ', timeZone: 'UTC', companyPhone: '' }, status: 422, problem: 'name' },
])('$case: refused with the field named, nothing written', async ({ params, status, problem }) => {
  const agency = new ConsoleClient(server.baseUrl);
  await agency.signIn(api, AGENCY_ADMIN);
  const before = readFileSync(file, 'utf8');
  const answer = await agency.call('console-create-workspace', params);
  expect(answer.status).toBe(status);
  expect((answer.body.problems as { path: string }[]).map((found) => found.path)).toEqual([problem]);
  expect(readFileSync(file, 'utf8')).toBe(before);
});

test("a workspace's admin, and a request without the console's header, create nothing", async () => {
  const admin = new ConsoleClient(server.baseUrl);
  await admin.signIn(api, ACME_ADMIN);
  const before = readFileSync(file, 'utf8');
  const refused = await admin.call('console-create-workspace', { name: 'Elm Law', timeZone: 'UTC' });
  expect(refused).toMatchObject({ status: 403, body: { error: 'Only an agency admin can create a workspace.' } });
  const agency = new ConsoleClient(server.baseUrl);
  await agency.signIn(api, AGENCY_ADMIN);
  const forged = await agency.call('console-create-workspace', { name: 'Elm Law', timeZone: 'UTC' }, { header: false });
  expect(forged.status).toBe(403);
  expect(await new ConsoleClient(server.baseUrl).call('console-create-workspace', { name: 'Elm Law' })).toMatchObject({ status: 401 });
  expect(readFileSync(file, 'utf8')).toBe(before);
});

describe('on Sync', () => {
  const newWorkspace = (id: string, name: string) => ({ id, name, timeZone: 'America/Denver', companyPhone: null, users: [], numbers: [] });

  test('a workspace added is in the index and read back whole; an id that exists is not added again', async () => {
    const serviceSid = await serviceWithBundle(api, parseBundle(twoWorkspaces(), 'the sample'));
    const store = new SyncConfigurationStore(new SyncRepository(gatewayFor(api, serviceSid)), serviceSid);
    expect(await addWorkspace(store, newWorkspace('fir-hvac', 'Fir HVAC'))).toMatchObject({ status: 'added', id: 'fir-hvac' });
    const loaded = await store.load();
    expect(loaded.bundle.workspaces.map((workspace) => workspace.id)).toEqual(['acme', 'birch', 'fir-hvac']);
    expect(loaded.bundle.workspaces[2]).toMatchObject({ name: 'Fir HVAC', timeZone: 'America/Denver', users: [], numbers: [] });
    expect(await addWorkspace(store, newWorkspace('fir-hvac', 'Fir HVAC again'))).toEqual({ status: 'exists', id: 'fir-hvac' });
    expect((await store.load()).bundle.workspaces.find((workspace) => workspace.id === 'fir-hvac')?.name).toBe('Fir HVAC');
  });

  test('two adds at once: both workspaces kept, or the one that lost the race says so and wrote nothing', async () => {
    const serviceSid = await serviceWithBundle(api, parseBundle(twoWorkspaces(), 'the sample'));
    const store = new SyncConfigurationStore(new SyncRepository(gatewayFor(api, serviceSid)), serviceSid);
    const outcomes = await Promise.all([
      addWorkspace(store, newWorkspace('gum-dental', 'Gum Dental')),
      addWorkspace(store, newWorkspace('hazel-law', 'Hazel Law')),
    ]);
    const added = outcomes.filter((outcome) => outcome.status === 'added').map((outcome) => outcome.id);
    expect(added.length).toBeGreaterThanOrEqual(1);
    expect(outcomes.map((outcome) => outcome.status).filter((status) => status !== 'added')).toEqual(
      outcomes.length === added.length ? [] : ['raced'],
    );
    const ids = (await store.load()).bundle.workspaces.map((workspace) => workspace.id);
    // Every add that said "added" is there, and nothing that did not.
    expect(ids.filter((id) => !['acme', 'birch'].includes(id)).sort()).toEqual([...added].sort());
  });
});
