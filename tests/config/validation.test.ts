// The bundle schema refuses what would break a live call, naming the path and the reason of every problem at once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, parseBundle, parseBundleText, type BundleInput } from '../../src/config';

const SAMPLE = join(__dirname, '..', '..', 'assets', 'sample-config.private.json');

function problems(bundle: unknown): { path: string; message: string }[] {
  try {
    parseBundle(bundle, 'test');
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the bundle to be refused');
}

const base = (): BundleInput & { workspaces: any[] } => ({
  workspaces: [
    {
      id: 'acme',
      name: 'Acme',
      companyPhone: '+15550800001',
      users: [{ id: 'al', name: 'Al', phone: '+15550800002' }],
      numbers: [{ number: '+15550800100', name: 'Main', assignedUser: 'al' }],
      contacts: [{ phone: '+15550800200', firstName: 'Cy', assignedUser: 'al' }],
    },
  ],
});

describe('the bundled sample', () => {
  test('is valid, and is the realistic workspace npm start routes with', () => {
    const bundle = parseBundleText(readFileSync(SAMPLE, 'utf8'));
    const [workspace] = bundle.workspaces;
    expect(bundle.workspaces).toHaveLength(1);
    expect(workspace!.numbers.length).toBeGreaterThanOrEqual(2);
    expect(workspace!.users.length).toBeGreaterThanOrEqual(3);
    expect(workspace!.users.some((user) => user.extension)).toBe(true);
    expect(workspace!.users.some((user) => user.webApp || user.mobileApp)).toBe(true);
    expect(workspace!.contacts.some((contact) => contact.assignedUser)).toBe(true);
  });
});

describe('validation', () => {
  test('a valid bundle passes and gets its defaults', () => {
    const bundle = parseBundle(base());
    expect(bundle.workspaces[0]!.numbers[0]).toMatchObject({ status: 'active', mode: 'standard', inboundTimeout: null, ringUsers: [] });
    expect(bundle.workspaces[0]!.inbound).toEqual({ ringAssignedUser: true, forwardToCompanyPhone: true, timeout: null, maxCallsPerCallerPerMinute: 10 });
  });

  test.each([
    ['a phone number that is not E.164', (b: any) => (b.workspaces[0].users[0].phone = '555-0100'), 'workspaces.0.users.0.phone', /E\.164/],
    ['an unknown mode', (b: any) => (b.workspaces[0].numbers[0].mode = 'ivr'), 'workspaces.0.numbers.0.mode', /standard|forward|voicemail/],
    ['a timeout Twilio would not accept', (b: any) => (b.workspaces[0].numbers[0].inboundTimeout = 601), 'workspaces.0.numbers.0.inboundTimeout', /at most 600/],
    ['a zero timeout', (b: any) => (b.workspaces[0].inbound = { timeout: 0 }), 'workspaces.0.inbound.timeout', /at least 1/],
    ['a fractional timeout', (b: any) => (b.workspaces[0].numbers[0].inboundTimeout = 2.5), 'workspaces.0.numbers.0.inboundTimeout', /whole number/],
    ['an unknown after-hours action', (b: any) => (b.workspaces[0].numbers[0].afterHours = { action: 'transfer' }), 'workspaces.0.numbers.0.afterHours.action', /./],
    ['an after-hours forward without a number', (b: any) => (b.workspaces[0].numbers[0].afterHours = { action: 'forward' }), 'workspaces.0.numbers.0.afterHours.forwardTo', /./],
    ['malformed business hours', (b: any) => (b.workspaces[0].businessHours = { weekly: { monday: [{ open: '9am', close: '17:00' }] } }), 'workspaces.0.businessHours.weekly.monday.0.open', /HH:MM/],
    ['hours that close before they open', (b: any) => (b.workspaces[0].businessHours = { weekly: { monday: [{ open: '17:00', close: '09:00' }] } }), 'workspaces.0.businessHours.weekly.monday.0', /earlier than close/],
    ['an unknown weekday', (b: any) => (b.workspaces[0].businessHours = { weekly: { funday: [] } }), 'workspaces.0.businessHours.weekly', /funday/],
    ['an unknown time zone', (b: any) => (b.workspaces[0].timeZone = 'Mars/Olympus'), 'workspaces.0.timeZone', /IANA/],
    ['a reference to a user that does not exist', (b: any) => (b.workspaces[0].numbers[0].assignedUser = 'zed'), 'workspaces.0.numbers.0.assignedUser', /"zed"/],
    ['a contact assigned to a missing user', (b: any) => (b.workspaces[0].contacts[0].assignedUser = 'zed'), 'workspaces.0.contacts.0.assignedUser', /"zed"/],
    ['a duplicate user id', (b: any) => b.workspaces[0].users.push({ id: 'al', name: 'Al 2' }), 'workspaces.0.users.1.id', /duplicate user id "al"/],
    ['a ring group over 7 users', (b: any) => {
      b.workspaces[0].users = Array.from({ length: 8 }, (_, i) => ({ id: `u${i}`, name: `U${i}` }));
      b.workspaces[0].numbers[0] = { number: '+15550800100', name: 'Main', ringUsers: b.workspaces[0].users.map((u: any) => u.id) };
      b.workspaces[0].contacts = [];
    }, 'workspaces.0.numbers.0.ringUsers', /at most 7 users; this one has 8/],
    ['a number in two workspaces', (b: any) => b.workspaces.push({ id: 'beta', name: 'Beta', numbers: [{ number: '+15550800100', name: 'Copy' }] }), 'workspaces.1.numbers.0.number', /already configured at workspaces\.0\.numbers\.0/],
    ['a forwarding number that is a routed number', (b: any) => b.workspaces[0].numbers.push({ number: '+15550800101', name: 'Loop', forwardingNumber: '+15550800100' }), 'workspaces.0.numbers.1.forwardingNumber', /loop back here/],
    ['a user phone that is a routed number', (b: any) => (b.workspaces[0].users[0].phone = '+15550800100'), 'workspaces.0.users.0.phone', /loop back here/],
    ['a company phone that is a routed number', (b: any) => (b.workspaces[0].companyPhone = '+15550800100'), 'workspaces.0.companyPhone', /loop back here/],
    ['forward mode without a forwarding number', (b: any) => (b.workspaces[0].numbers[0].mode = 'forward'), 'workspaces.0.numbers.0.forwardingNumber', /required when mode is "forward"/],
    ['an unknown field (a typo)', (b: any) => (b.workspaces[0].numbers[0].forwardNumber = '+15550800300'), 'workspaces.0.numbers.0', /forwardNumber/],
    ['a greeting URL that is not https', (b: any) => (b.workspaces[0].voicemail = { greetingUrl: 'http://example.com/a.mp3' }), 'workspaces.0.voicemail.greetingUrl', /https/],
  ])('refuses %s', (_title, mutate, path, message) => {
    const bundle = base();
    mutate(bundle);
    const found = problems(bundle);
    expect(found).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  test('a workspace whose Sync document would exceed 16 KiB is refused, with its size', () => {
    const bundle = base();
    bundle.workspaces[0].users = Array.from({ length: 150 }, (_, i) => ({ id: `user-${i}`, name: `A rather long user name number ${i}`, phone: `+1555081${String(i).padStart(4, '0')}` }));
    bundle.workspaces[0].numbers[0].assignedUser = 'user-0';
    bundle.workspaces[0].contacts = [];
    const found = problems(bundle);
    expect(found).toEqual([{ path: 'workspaces.0', message: expect.stringMatching(/^workspace "acme" would be a Sync document of \d+ bytes; Sync holds at most 16384 bytes/) }]);
  });

  test('a number whose Sync document would exceed 16 KiB is refused, with its size', () => {
    const bundle = base();
    bundle.workspaces[0].numbers[0].name = 'N'.repeat(17 * 1024);
    expect(problems(bundle)).toContainEqual({ path: 'workspaces.0.numbers.0', message: expect.stringMatching(/^number \+15550800100 would be a Sync document of 17\d{3} bytes/) });
  });

  test('reports every problem at once, each with its path', () => {
    const bundle = base();
    bundle.workspaces[0].users[0].phone = 'not-a-number';
    bundle.workspaces[0].numbers[0].inboundTimeout = 9999;
    bundle.workspaces[0].contacts[0].assignedUser = 'ghost';
    const found = problems(bundle);
    expect(found.map((issue) => issue.path).sort()).toEqual(
      ['workspaces.0.contacts.0.assignedUser', 'workspaces.0.numbers.0.inboundTimeout', 'workspaces.0.users.0.phone'].sort(),
    );
  });

  test('the error message lists every problem with its path', () => {
    const bundle = base();
    bundle.workspaces[0].numbers[0].number = '12345';
    expect(() => parseBundle(bundle, 'my.json')).toThrow(/in my\.json is not valid \(1 problem\):\n  - workspaces\.0\.numbers\.0\.number: must be an E\.164/);
  });

  test('JSON that does not parse is a read error, not a crash', () => {
    expect(() => parseBundleText('{"workspaces": [', 'broken.json')).toThrow(/broken\.json is not valid JSON/);
  });
});
