// The owner's words at the console's functions, served by twilio-run with Messages at the API double behind Prism:
// a save takes phone numbers as the owner types them (national or international, read in the workspace's country)
// and stores E.164; a number that cannot be one is refused at its field with words that say how to type it, and
// nothing is written; "Send Test" sends the message on screen (unsaved) to a number typed in any form.
import { readFileSync } from 'node:fs';
import type { BundleInput } from '../../src/config/types';
import { useTwilioApi } from '../support/twilio-api/index';
import type { FunctionsServer } from '../support/twilio-run';
import { BIRCH_ADMIN, ConsoleClient, configFile, startConsoleFunctions } from './support';

const api = useTwilioApi({ clearRequests: true });
let server: FunctionsServer;
let file: string;
let admin: ConsoleClient;

beforeAll(async () => {
  file = configFile();
  server = await startConsoleFunctions(api, file);
  // Signed in once: sign-in attempts per phone are rate-limited.
  admin = new ConsoleClient(server.baseUrl);
  await admin.signIn(api, BIRCH_ADMIN);
});
afterAll(() => server?.stop());

type Workspace = NonNullable<BundleInput['workspaces']>[number] & {
  users: { id: string; phone: string | null }[];
  numbers: { forwardingNumber: string | null; afterHours?: unknown }[];
  inbound: { screening: { blocked: string[] } };
};

async function birchAdmin(): Promise<{ admin: ConsoleClient; workspace: Workspace; revision: string }> {
  const read = await admin.call('console-settings', { workspace: 'birch' });
  return { admin, workspace: read.body.workspace as Workspace, revision: read.body.revision as string };
}
const stored = () => (JSON.parse(readFileSync(file, 'utf8')) as { workspaces: Workspace[] }).workspaces.find((w) => w.id === 'birch')!;

// Typed as an owner types them, stored as E.164 (Birch's numbers are +1: its country is the US).
const TYPED: [string, string, string][] = [
  ['national with brackets', '(555) 010-0020', '+15550100020'],
  ['national with dots', '555.010.0021', '+15550100021'],
  ['with the trunk prefix 1', '1 555 010 0022', '+15550100022'],
  ['international with spaces', '+1 555 010 0023', '+15550100023'],
  ['international, another country', '+44 20 7946 0000', '+442079460000'],
];

test.each(TYPED)("a user's phone typed %s (%s) is stored as %s", async (_case, typed, e164) => {
  const { admin, workspace, revision } = await birchAdmin();
  workspace.users[1]!.phone = typed;
  const saved = await admin.call('console-save', { workspace: 'birch', revision, draft: JSON.stringify(workspace) });
  expect(saved.status).toBe(200);
  expect(stored().users[1]!.phone).toBe(e164);
});

test('every number field takes a typed number: forwarding, blocked list, company phone', async () => {
  const { admin, workspace, revision } = await birchAdmin();
  workspace.numbers[0]!.forwardingNumber = '555-010-0031';
  workspace.companyPhone = '(555) 010-0032';
  workspace.inbound = { ...workspace.inbound, screening: { ...workspace.inbound.screening, blocked: ['555 010 0033', '+15550100034'] } };
  const saved = await admin.call('console-save', { workspace: 'birch', revision, draft: JSON.stringify(workspace) });
  expect(saved.status).toBe(200);
  expect(stored()).toMatchObject({
    companyPhone: '+15550100032',
    numbers: [{ forwardingNumber: '+15550100031' }],
    inbound: { screening: { blocked: ['+15550100033', '+15550100034'] } },
  });
});

test.each([
  ['too short', '555-01'],
  ['letters', 'call Bob'],
  ['too long', '+1 555 010 0020 1234 5678'],
])('a number that cannot be one (%s) is refused at its field, saying how to type it; nothing is written', async (_case, typed) => {
  const { admin, workspace, revision } = await birchAdmin();
  const before = readFileSync(file, 'utf8');
  workspace.users[1]!.phone = typed;
  const refused = await admin.call('console-save', { workspace: 'birch', revision, draft: JSON.stringify(workspace) });
  expect(refused.status).toBe(422);
  const problems = refused.body.problems as { path: string; message: string }[];
  expect(problems).toEqual([{ path: 'users.1.phone', message: expect.stringMatching(/phone number.*such as \(555\) 010-0100/) }]);
  expect(problems[0]!.message).not.toMatch(/E\.164/);
  expect(readFileSync(file, 'utf8')).toBe(before);
});

describe('Send Test', () => {
  test('sends the message on screen (not saved) to a number typed in national form', async () => {
    const { admin } = await birchAdmin();
    const sent = await admin.call('console-send-test', {
      workspace: 'birch',
      to: '(555) 010-0555',
      message: 'Sorry we missed you at {{business.name}}, {{contact.first_name | there}}!',
      optOutLine: 'false',
    });
    expect(sent).toMatchObject({ status: 200, body: { status: 'sent', to: '+15550100555', from: '+15550100400' } });
    expect(api.double.messages.at(-1)).toMatchObject({
      to: '+15550100555',
      body: 'Sorry we missed you at Birch Dental, Jordan!',
    });
    expect(stored().textBack?.message ?? null).toBeNull(); // nothing saved
  });

  test.each([
    ['a number that cannot be one', { to: '12', message: 'Hi' }, /Send a test to: "12" cannot be a phone number/],
    ['a message with a broken custom value', { to: '555 010 0556', message: 'Hi {{contact.first_name' }, /The message cannot be sent:/],
  ])('refuses %s, saying why, and texts nothing', async (_case, params, error) => {
    const { admin } = await birchAdmin();
    const before = api.double.messages.length;
    const refused = await admin.call('console-send-test', { workspace: 'birch', ...params });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(error);
    expect(api.double.messages.length).toBe(before);
  });
});
