// console-contacts over HTTP, served by twilio-run on the two-workspace bundle file: who may read and write a
// workspace's contacts (members read, admins write, nobody from another workspace sees them), each edit's answers
// from a case table, an import that is all or nothing with each row's problems, and the Calls page's callers by name.
import { readFileSync } from 'node:fs';
import { CONTACTS_IMPORT_MAX_ROWS } from '../../src/console/contacts';
import { closedDatesOf, recentWorkday } from '../support/clock';
import { driveCall } from '../support/drive-call';
import { useTwilioApi } from '../support/twilio-api/index';
import type { FunctionsServer } from '../support/twilio-run';
import { ACME_ADMIN, ACME_USER, BIRCH_ADMIN, ConsoleClient, configFile, startConsoleFunctions } from './support';

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

interface ShownContact {
  phone: string;
  name: string | null;
  assignedUser: string | null;
  optedOut: boolean;
}
const listOf = async (client: ConsoleClient, workspace: string) => {
  const answer = await client.call('console-contacts', { workspace, op: 'list' });
  expect(answer.status).toBe(200);
  return answer.body as { contacts: ShownContact[]; canEdit: boolean };
};
const storedContacts = (workspace: string) =>
  (JSON.parse(readFileSync(file, 'utf8')) as { workspaces: { id: string; contacts?: { phone: string }[] }[] }).workspaces.find(
    (candidate) => candidate.id === workspace,
  )?.contacts ?? [];

test('members read their workspace’s contacts by name; only its admins write; another workspace’s people never see them', async () => {
  const alice = await signedIn(ACME_ADMIN);
  const seen = await listOf(alice, 'acme');
  expect(seen.canEdit).toBe(true);
  expect(seen.contacts.map((contact) => [contact.name, contact.phone, contact.assignedUser])).toEqual([
    ['Dana Whitfield', '+15550100200', 'bob'],
    ['Eli Moreno', '+15550100201', null],
    ['Farah Haddad', '+15550100202', null],
  ]);

  const dan = await signedIn(ACME_USER); // a user of acme: reads, never writes
  expect((await listOf(dan, 'acme')).canEdit).toBe(false);
  const erin = await signedIn(BIRCH_ADMIN); // birch's admin: nothing of acme
  const before = readFileSync(file, 'utf8');
  const attempts: [string, ConsoleClient, Record<string, string>, number][] = [
    ['user adds', dan, { op: 'save', contact: JSON.stringify({ phone: '+15550100260', firstName: 'Gus' }) }, 403],
    ['user removes', dan, { op: 'remove', phone: '+15550100200' }, 403],
    ['user imports', dan, { op: 'import', contacts: JSON.stringify([{ phone: '+15550100260' }]) }, 403],
    ['other admin reads', erin, { op: 'list' }, 403],
    ['other admin adds', erin, { op: 'save', contact: JSON.stringify({ phone: '+15550100260', firstName: 'Gus' }) }, 403],
    ['other admin removes', erin, { op: 'remove', phone: '+15550100200' }, 403],
    ['anonymous reads', new ConsoleClient(server.baseUrl), { op: 'list' }, 401],
  ];
  for (const [what, client, params, status] of attempts) {
    const answer = await client.call('console-contacts', { workspace: 'acme', ...params });
    expect([what, answer.status, JSON.stringify(answer.body).includes('Whitfield')]).toEqual([what, status, false]);
  }
  // A write from anywhere but the console's page (no request header) is refused too.
  const forged = await alice.call('console-contacts', { workspace: 'acme', op: 'remove', phone: '+15550100200' }, { header: false });
  expect(forged.status).toBe(403);
  expect(readFileSync(file, 'utf8')).toBe(before);
});

test('add, edit (a new number too), assign and remove, each answered as the case table says', async () => {
  const alice = await signedIn(ACME_ADMIN);
  const save = (contact: object, original = '') =>
    alice.call('console-contacts', { workspace: 'acme', op: 'save', contact: JSON.stringify(contact), original });
  const cases: { what: string; run: () => ReturnType<typeof save>; status: number; field?: string; stored?: object | null }[] = [
    {
      what: 'a new contact, assigned to Bob',
      run: () => save({ phone: '+15550100210', firstName: ' Gina ', lastName: 'Ortiz', assignedUser: 'bob' }),
      status: 200,
      stored: { phone: '+15550100210', firstName: 'Gina', lastName: 'Ortiz', assignedUser: 'bob', optedOut: false },
    },
    { what: 'the same number again', run: () => save({ phone: '+15550100210', firstName: 'Other' }), status: 409, field: 'phone' },
    { what: 'a number typed as dialled', run: () => save({ phone: '(555) 010-0211', firstName: 'Hal' }), status: 422, field: 'phone' },
    { what: 'a number too short to be one', run: () => save({ phone: '+1555', firstName: 'Hal' }), status: 422, field: 'phone' },
    { what: 'no number', run: () => save({ firstName: 'Hal' }), status: 422, field: 'phone' },
    {
      what: 'assigned to nobody of the workspace',
      run: () => save({ phone: '+15550100211', firstName: 'Hal', assignedUser: 'erin' }),
      status: 422,
      field: 'assignedUser',
    },
    {
      what: 'a first name too long',
      run: () => save({ phone: '+15550100211', firstName: 'x'.repeat(101) }),
      status: 422,
      field: 'firstName',
    },
    {
      what: 'Gina edited: reassigned to Carol',
      run: () => save({ phone: '+15550100210', firstName: 'Gina', lastName: 'Ortiz', assignedUser: 'carol' }, '+15550100210'),
      status: 200,
      stored: { phone: '+15550100210', assignedUser: 'carol' },
    },
    {
      what: 'Farah edited to a new number: her opt-out kept',
      run: () => save({ phone: '+15550100212', firstName: 'Farah', lastName: 'Haddad' }, '+15550100202'),
      status: 200,
      stored: { phone: '+15550100212', optedOut: true },
    },
    { what: 'the old number is gone', run: () => save({ phone: '+15550100299' }, '+15550100202'), status: 404 },
    {
      what: 'Gina edited onto Dana’s number',
      run: () => save({ phone: '+15550100200', firstName: 'Gina' }, '+15550100210'),
      status: 409,
      field: 'phone',
    },
  ];
  for (const entry of cases) {
    const before = readFileSync(file, 'utf8');
    const answer = await entry.run();
    const problems = (answer.body.problems as { field: string | null }[] | undefined) ?? [];
    expect([entry.what, answer.status, entry.field ? problems.map((problem) => problem.field) : []]).toEqual([
      entry.what,
      entry.status,
      entry.field ? [entry.field] : [],
    ]);
    if (entry.status !== 200) expect([entry.what, readFileSync(file, 'utf8')]).toEqual([entry.what, before]);
    if (entry.stored) {
      const phone = (entry.stored as { phone: string }).phone;
      expect([entry.what, storedContacts('acme').find((contact) => contact.phone === phone)]).toEqual([
        entry.what,
        expect.objectContaining(entry.stored),
      ]);
    }
  }
  expect(storedContacts('acme').map((contact) => contact.phone)).not.toContain('+15550100202');

  const removed = await alice.call('console-contacts', { workspace: 'acme', op: 'remove', phone: '+15550100210' });
  expect(removed).toMatchObject({ status: 200, body: { removed: 1 } });
  expect(storedContacts('acme').map((contact) => contact.phone)).not.toContain('+15550100210');
  expect((await alice.call('console-contacts', { workspace: 'acme', op: 'remove', phone: '+15550100210' })).status).toBe(404);
  // Birch's contacts are its own: none of acme's edits reached them.
  expect(storedContacts('birch')).toEqual([]);
});

test('an import writes every row or none: each wrong row named, a number twice refused, existing contacts updated', async () => {
  const alice = await signedIn(ACME_ADMIN);
  const importRows = (rows: object[]) =>
    alice.call('console-contacts', { workspace: 'acme', op: 'import', contacts: JSON.stringify(rows) });
  const before = readFileSync(file, 'utf8');
  const wrong = await importRows([
    { row: 2, phone: '+15550100220', firstName: 'Ivy', lastName: 'Chen', assignedUser: 'bob' },
    { row: 3, phone: 'not a number', firstName: 'Jay' },
    { row: 4, phone: '+15550100221', firstName: 'Kim', assignedUser: 'nobody' },
    { row: 5, phone: '+15550100220', firstName: 'Ivy again' },
  ]);
  expect(wrong.status).toBe(422);
  expect((wrong.body.problems as { row: number; field: string }[]).map((problem) => [problem.row, problem.field])).toEqual([
    [3, 'phone'],
    [4, 'assignedUser'],
    [5, 'phone'],
  ]);
  expect(wrong.body.error).toMatch(/^Nothing was imported: 3 rows have problems/);
  expect(readFileSync(file, 'utf8')).toBe(before); // not one row of the four

  const tooMany = Array.from({ length: CONTACTS_IMPORT_MAX_ROWS + 1 }, (_, index) => ({
    phone: `+1555010${String(1000 + index).slice(-4)}`,
  }));
  expect((await importRows(tooMany)).status).toBe(413);
  expect(readFileSync(file, 'utf8')).toBe(before);

  const right = await importRows([
    { row: 2, phone: '+15550100220', firstName: 'Ivy', lastName: 'Chen', assignedUser: 'bob' },
    { row: 3, phone: '+15550100200', firstName: 'Dana', lastName: 'Whitfield-Ross', assignedUser: 'carol' },
  ]);
  expect(right).toMatchObject({ status: 200, body: { created: 1, updated: 1, removed: 0 } });
  const names = (await listOf(alice, 'acme')).contacts.map((contact) => [contact.name, contact.assignedUser]);
  expect(names).toEqual(
    expect.arrayContaining([
      ['Ivy Chen', 'bob'],
      ['Dana Whitfield-Ross', 'carol'],
    ]),
  );

  // A file without an "Assigned to" column (the field left out) keeps each contact's user; without names, their names.
  const partial = await importRows([
    { row: 2, phone: '+15550100220', firstName: 'Ivy', lastName: 'Chen-Park' },
    { row: 3, phone: '+15550100200' },
  ]);
  expect(partial).toMatchObject({ status: 200, body: { created: 0, updated: 2 } });
  const after = (await listOf(alice, 'acme')).contacts.map((contact) => [contact.phone, contact.name, contact.assignedUser]);
  expect(after).toEqual(
    expect.arrayContaining([
      ['+15550100220', 'Ivy Chen-Park', 'bob'],
      ['+15550100200', 'Dana Whitfield-Ross', 'carol'],
    ]),
  );
});

test('the Calls page and the impact of an edit name a known caller, and only in the workspace the contact belongs to', async () => {
  const alice = await signedIn(ACME_ADMIN);
  // Eli is in acme's contacts; give birch a contact of its own with a number acme also knows, under another name.
  const erin = await signedIn(BIRCH_ADMIN);
  const added = await erin.call('console-contacts', {
    workspace: 'birch',
    op: 'save',
    contact: JSON.stringify({ phone: '+15550100201', firstName: 'Birch', lastName: 'Patient' }),
  });
  expect(added.status).toBe(200);
  expect((await listOf(alice, 'acme')).contacts.map((contact) => contact.name)).not.toContain('Birch Patient');

  const open = recentWorkday({ closedDates: closedDatesOf(JSON.parse(readFileSync(file, 'utf8'))) }).at('15:00');
  const known = `CA${'a'.repeat(32)}`;
  const stranger = `CA${'b'.repeat(32)}`;
  const birchCall = `CA${'c'.repeat(32)}`;
  for (const [sid, to, from] of [
    [known, '+15550100100', '+15550100201'],
    [stranger, '+15550100100', '+15557770009'],
    [birchCall, '+15550100400', '+15550100201'],
  ] as const) {
    // Each caller gives up while it rings: the Calls page lists a call once it has ended.
    await driveCall(server, { callSid: sid, to, from, extra: { SimulatedAt: open } }, 'hang-up-early');
  }
  const namesIn = async (client: ConsoleClient, workspace: string) => {
    const answer = await client.call('console-calls', { workspace });
    expect(answer.status).toBe(200);
    return Object.fromEntries(
      (answer.body.calls as { callSid: string; callerName: string | null }[]).map((call) => [call.callSid, call.callerName]),
    );
  };
  expect(await namesIn(alice, 'acme')).toMatchObject({ [known]: 'Eli Moreno', [stranger]: null });
  expect(await namesIn(erin, 'birch')).toMatchObject({ [birchCall]: 'Birch Patient' });

  // The impact of forwarding the main line, before saving: the calls it would change, their callers by name too.
  const settings = await alice.call('console-settings', { workspace: 'acme' });
  const draft = structuredClone(settings.body.workspace) as {
    numbers: { number: string; mode: string; forwardingNumber: string | null }[];
  };
  Object.assign(draft.numbers.find((number) => number.number === '+15550100100')!, { mode: 'forward', forwardingNumber: '+15550100050' });
  const impact = await alice.call('console-impact', { workspace: 'acme', draft: JSON.stringify(draft) });
  expect(impact.status).toBe(200);
  const changed = Object.fromEntries(
    (impact.body.changes as { callSid: string; callerName: string | null }[]).map((change) => [change.callSid, change.callerName]),
  );
  expect(changed).toMatchObject({ [known]: 'Eli Moreno', [stranger]: null });
});

test('a contact added on the page routes the next call from that number to its user', async () => {
  const alice = await signedIn(ACME_ADMIN);
  const saved = await alice.call('console-contacts', {
    workspace: 'acme',
    op: 'save',
    contact: JSON.stringify({ phone: '+15550100270', firstName: 'Nia', lastName: 'Ward', assignedUser: 'bob' }),
  });
  expect(saved.status).toBe(200);
  const open = recentWorkday({ closedDates: closedDatesOf(JSON.parse(readFileSync(file, 'utf8'))) }).at('15:00');
  const sid = `CA${'d'.repeat(32)}`;
  await driveCall(server, { callSid: sid, to: '+15550100100', from: '+15550100270', extra: { SimulatedAt: open } }, 'hang-up-early');
  const calls = (await alice.call('console-calls', { workspace: 'acme', contact: '+15550100270' })).body.calls as {
    callSid: string;
    callerName: string | null;
    route: { rule: string; rungUsers?: string[] };
  }[];
  expect(calls.map((call) => [call.callSid, call.callerName, call.route.rule, call.route.rungUsers])).toEqual([
    [sid, 'Nia Ward', 'caller-assigned-user', ['bob']],
  ]);
});
