// Who a caller concerns, rule by rule, from a case table: assigned user, else the users rung, else the admins; or
// the workspace's listed recipients. Users without a phone are left out, and said so.
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { concernedUsers } from '../../src/notify/recipients';

const input = (notifications?: object): BundleInput => ({
  workspaces: [
    {
      id: 'rc',
      name: 'Recipients Co',
      ...(notifications ? { notifications } : {}),
      users: [
        { id: 'ann', name: 'Ann', phone: '+15550300001', role: 'admin' },
        { id: 'ben', name: 'Ben', phone: '+15550300002' },
        { id: 'cat', name: 'Cat', webApp: true },
        { id: 'dan', name: 'Dan', phone: '+15550300004', role: 'admin' },
      ],
      contacts: [{ phone: '+15550300100', firstName: 'Eve', assignedUser: 'ben' }],
    },
  ],
});
const workspace = (notifications?: object) => parseBundle(input(notifications)).workspaces[0]!;
const eve = workspace().contacts[0]!;

test.each([
  ['the assigned user first, whoever was rung', undefined, eve, ['ann'], 'assigned', ['ben']],
  ['no contact: the users rung', undefined, null, ['ann', 'ben'], 'rung', ['ann', 'ben']],
  ['rung users without a phone are left out', undefined, null, ['cat', 'ben'], 'rung', ['ben']],
  ['nobody assigned or rung: the admins', undefined, null, [], 'admins', ['ann', 'dan']],
  ['a listed set overrides the chain', { recipients: ['dan'] }, eve, ['ann'], 'listed', ['dan']],
] as const)('%s', (_title, notifications, contact, rung, rule, expected) => {
  const found = concernedUsers(workspace(notifications), { contact, rungUsers: rung });
  expect(found.rule).toBe(rule);
  expect(found.users.map((user) => user.id)).toEqual(expected);
});

test('the reason names whom it left out', () => {
  expect(concernedUsers(workspace(), { contact: null, rungUsers: ['cat'] }).why).toBe(
    'the users the call rang (cat); left out (no phone): cat',
  );
});

test('notifications default to rung users, every event, no quiet hours, transcription on; unknown users are refused', () => {
  expect(workspace().notifications).toEqual({
    recipients: 'rung-users',
    events: ['missed-call', 'voicemail', 'reply'],
    quietHours: null,
    transcription: true,
  });
  expect(() => parseBundle(input({ recipients: ['zed'] }))).toThrow(/notifications\.recipients\.0.*"zed"/s);
  expect(() => parseBundle(input({ events: ['fax'] }))).toThrow(/notifications\.events\.0/);
});
