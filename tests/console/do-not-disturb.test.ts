// "Do not disturb" from the console (console-do-not-disturb), served by twilio-run on the two-workspace configuration
// with Verify at the API double: a user flips their own and only that field is written, and the served incoming-call
// stops ringing them (and rings them again when they flip it back); a user cannot flip anyone else's, an admin can
// flip anyone's in their workspace; flipped to what it already is, nothing is written; no session, no console header,
// another workspace, a bad value, an unknown user or a stale revision write nothing.
import { readFileSync, statSync } from 'node:fs';
import type { BundleInput } from '../../src/config/types';
import { closedDatesOf, recentWorkday } from '../support/clock';
import { useTwilioApi } from '../support/twilio-api/index';
import { parseTwiml, planFromTwiml } from '../support/twiml';
import type { FunctionsServer } from '../support/twilio-run';
import { ACME_ADMIN, ACME_USER, AGENCY_ADMIN, BIRCH_ADMIN, ConsoleClient, configFile, startConsoleFunctions } from './support';

const api = useTwilioApi({ clearRequests: true });
let server: FunctionsServer;
let file: string;

beforeAll(async () => {
  file = configFile();
  server = await startConsoleFunctions(api, file);
});
afterAll(() => server?.stop());

async function signedIn(phone: string): Promise<ConsoleClient> {
  const client = new ConsoleClient(server.baseUrl);
  expect((await client.signIn(api, phone)).status).toBe(200);
  return client;
}

const stored = () => JSON.parse(readFileSync(file, 'utf8')) as BundleInput;
const userIn = (bundle: BundleInput, workspace: string, user: string) =>
  bundle.workspaces.find((entry) => entry.id === workspace)!.users!.find((entry) => entry.id === user)!;
/** The stored configuration with every user's do-not-disturb left out: what a flip must not change. */
const withoutDoNotDisturb = (bundle: BundleInput) => JSON.stringify(bundle, (key, value) => (key === 'doNotDisturb' ? undefined : value));

test('a user turns their own do not disturb on and off; only that field of that user is written', async () => {
  const dan = await signedIn(ACME_USER);
  const before = stored();
  const on = await dan.call('console-do-not-disturb', { workspace: 'acme', on: 'true' });
  expect(on).toMatchObject({ status: 200, body: { status: 'saved', user: 'dan', doNotDisturb: true } });
  const after = stored();
  expect(userIn(after, 'acme', 'dan').doNotDisturb).toBe(true);
  expect(userIn(after, 'acme', 'alice').doNotDisturb ?? false).toBe(false);
  expect(withoutDoNotDisturb(after)).toBe(withoutDoNotDisturb(before));
  // The settings read since carry it, with the revision the flip answered.
  const read = await dan.call('console-settings', { workspace: 'acme' });
  expect(read.body.revision).toBe(on.body.revision);
  expect((read.body.workspace as { users: { id: string; doNotDisturb: boolean }[] }).users.find((user) => user.id === 'dan')).toMatchObject(
    {
      doNotDisturb: true,
    },
  );

  const off = await dan.call('console-do-not-disturb', { workspace: 'acme', on: 'false', user: 'dan' });
  expect(off).toMatchObject({ status: 200, body: { doNotDisturb: false } });
  expect(userIn(stored(), 'acme', 'dan').doNotDisturb).toBe(false);
});

test("a user cannot flip anyone else's; an admin flips anyone's in their workspace, and nobody's in another", async () => {
  const dan = await signedIn(ACME_USER);
  const before = readFileSync(file, 'utf8');
  const refused = await dan.call('console-do-not-disturb', { workspace: 'acme', on: 'true', user: 'alice' });
  expect(refused.status).toBe(403);
  expect(refused.body.error).toMatch(/for yourself/);
  expect(readFileSync(file, 'utf8')).toBe(before);

  const alice = await signedIn(ACME_ADMIN);
  expect(await alice.call('console-do-not-disturb', { workspace: 'acme', on: 'true', user: 'carol' })).toMatchObject({
    status: 200,
    body: { user: 'carol', doNotDisturb: true },
  });
  expect(userIn(stored(), 'acme', 'carol').doNotDisturb).toBe(true);
  expect(await alice.call('console-do-not-disturb', { workspace: 'acme', on: 'false', user: 'carol' })).toMatchObject({ status: 200 });

  const unchanged = readFileSync(file, 'utf8');
  expect((await alice.call('console-do-not-disturb', { workspace: 'birch', on: 'true', user: 'fay' })).status).toBe(403);
  const erin = await signedIn(BIRCH_ADMIN);
  expect((await erin.call('console-do-not-disturb', { workspace: 'acme', on: 'true', user: 'dan' })).status).toBe(403);
  expect(readFileSync(file, 'utf8')).toBe(unchanged);
});

test('refused, writing nothing: no session, no console header, a bad value, nobody named, an unknown user, a stale revision', async () => {
  const before = readFileSync(file, 'utf8');
  const anonymous = new ConsoleClient(server.baseUrl);
  expect((await anonymous.call('console-do-not-disturb', { workspace: 'acme', on: 'true', user: 'dan' })).status).toBe(401);
  const dan = await signedIn(ACME_USER);
  expect((await dan.call('console-do-not-disturb', { workspace: 'acme', on: 'true' }, { header: false })).status).toBe(403);
  for (const on of ['', 'yes please', '1 ']) {
    const answer = await dan.call('console-do-not-disturb', { workspace: 'acme', on });
    expect([on, answer.status]).toEqual([on, 400]);
  }
  const agency = await signedIn(AGENCY_ADMIN); // an agency admin is none of the users: they must name one
  expect((await agency.call('console-do-not-disturb', { workspace: 'acme', on: 'true' })).status).toBe(400);
  expect((await agency.call('console-do-not-disturb', { workspace: 'acme', on: 'true', user: 'zed' })).status).toBe(404);
  const read = await agency.call('console-settings', { workspace: 'acme' });
  expect(
    (await agency.call('console-do-not-disturb', { workspace: 'acme', on: 'true', user: 'bob', revision: 'not-the-one' })).status,
  ).toBe(409);
  expect(readFileSync(file, 'utf8')).toBe(before);
  // With the revision read, it is written.
  expect(
    await agency.call('console-do-not-disturb', { workspace: 'acme', on: 'true', user: 'bob', revision: read.body.revision as string }),
  ).toMatchObject({ status: 200, body: { user: 'bob', doNotDisturb: true } });
  expect(userIn(stored(), 'acme', 'bob').doNotDisturb).toBe(true);
});

test('flipped to what it already is: answered as saved with the revision as it stands, and the file is not written', async () => {
  const dan = await signedIn(ACME_USER);
  const off = await dan.call('console-do-not-disturb', { workspace: 'acme', on: 'false' });
  expect(off).toMatchObject({ status: 200, body: { doNotDisturb: false } });
  const written = { text: readFileSync(file, 'utf8'), inode: statSync(file).ino };
  expect(await dan.call('console-do-not-disturb', { workspace: 'acme', on: 'false' })).toMatchObject({
    status: 200,
    body: { status: 'saved', user: 'dan', doNotDisturb: false, revision: off.body.revision },
  });
  // A write renames a new file over it (a new inode): none came.
  expect({ text: readFileSync(file, 'utf8'), inode: statSync(file).ino }).toEqual(written);
});

test('flipped on, the served incoming-call no longer rings the user; flipped off, it rings them again', async () => {
  // A recent midweek day, 10:00 or 11:00 in New York: the main line rings its group (alice, carol, dan) at once.
  const open = recentWorkday({ closedDates: closedDatesOf(stored() as never) }).at('15:00');
  let call = 0;
  const legsOfACall = async () => {
    call += 1;
    const answer = await server.post('/incoming-call', {
      CallSid: `CA${String(call).padStart(32, '9')}`,
      To: '+15550100100',
      From: `+1555777${String(call).padStart(4, '0')}`,
      SimulatedAt: open,
    });
    expect(answer.status).toBe(200);
    return planFromTwiml(parseTwiml(answer.body)).legs;
  };
  const DANS_PHONE = 'number:+15550100004';
  expect(await legsOfACall()).toContain(DANS_PHONE);
  const dan = await signedIn(ACME_USER);
  expect((await dan.call('console-do-not-disturb', { workspace: 'acme', on: 'true' })).status).toBe(200);
  const without = await legsOfACall();
  expect(without).not.toContain(DANS_PHONE);
  expect(without).not.toContain('client:acme_dan_web');
  expect(without).toContain('number:+15550100002'); // alice still rings
  expect((await dan.call('console-do-not-disturb', { workspace: 'acme', on: 'false' })).status).toBe(200);
  expect(await legsOfACall()).toContain(DANS_PHONE);
});
