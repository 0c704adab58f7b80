// The cross-field checks' cases: for each check id (src/config/checks.ts), a bundle that trips it with every problem
// it reports written out literally (path and message), and a near miss that passes validation whole. A check
// without both kinds of case fails tests/config/checks.test.ts.
import type { BundleInput } from '../../src/config/types';

type WorkspaceInput = BundleInput['workspaces'][number];

export interface CheckCase {
  /** The id of the check in BUNDLE_CHECKS. */
  check: string;
  title: string;
  workspaces: WorkspaceInput[];
  /** What validation reports, all of it, in order; none: the bundle is valid. */
  expect?: { path: string; message: string | RegExp }[];
}

/** A valid workspace: one user with a phone, one number assigned to them, one contact; `fields` replace its own. */
export function workspace(fields: Partial<WorkspaceInput> = {}): WorkspaceInput {
  return {
    id: 'acme',
    name: 'Acme',
    users: [{ id: 'al', name: 'Al', phone: '+15550900002' }],
    numbers: [{ number: '+15550900100', name: 'Main', assignedUser: 'al' }],
    contacts: [{ phone: '+15550900200', firstName: 'Cy', assignedUser: 'al' }],
    ...fields,
  };
}

const al = { id: 'al', name: 'Al', phone: '+15550900002' };
const bo = { id: 'bo', name: 'Bo', phone: '+15550900003' };
const main = { number: '+15550900100', name: 'Main', assignedUser: 'al' };

export const CHECK_CASES: CheckCase[] = [
  {
    check: 'duplicate-workspace-id',
    title: 'two workspaces called acme',
    workspaces: [workspace(), workspace({ numbers: [], contacts: [] })],
    expect: [{ path: 'workspaces.1.id', message: 'duplicate workspace id "acme" (also workspaces.0)' }],
  },
  {
    check: 'duplicate-workspace-id',
    title: 'two workspaces, two ids',
    workspaces: [workspace(), workspace({ id: 'beta', numbers: [], contacts: [] })],
  },
  {
    check: 'duplicate-user-id',
    title: 'al listed twice',
    workspaces: [workspace({ users: [al, bo, { ...bo, id: 'al' }] })],
    expect: [{ path: 'workspaces.0.users.2.id', message: 'duplicate user id "al" (also users.0)' }],
  },
  { check: 'duplicate-user-id', title: 'al and bo', workspaces: [workspace({ users: [al, bo] })] },
  {
    check: 'unknown-recipient',
    title: 'a recipient who is no user',
    workspaces: [workspace({ users: [al, bo], notifications: { recipients: ['bo', 'zed'] } })],
    expect: [{ path: 'workspaces.0.notifications.recipients.1', message: 'refers to user "zed", which workspace "acme" does not have' }],
  },
  {
    check: 'unknown-recipient',
    title: 'recipients who are users',
    workspaces: [workspace({ users: [al, bo], notifications: { recipients: ['bo', 'al'] } })],
  },
  {
    check: 'recipients-without-phone',
    title: 'the only listed recipient has apps, no phone',
    workspaces: [
      workspace({
        users: [al, { id: 'web', name: 'Web', webApp: true }],
        notifications: { recipients: ['web'], events: ['missed-call', 'reply'] },
      }),
    ],
    expect: [
      {
        path: 'workspaces.0.notifications.recipients',
        message:
          'no listed recipient has a phone (web): every missed-call, reply notice would be texted to no one; give one of them a phone, or use "rung-users"',
      },
    ],
  },
  {
    check: 'recipients-without-phone',
    title: 'one listed recipient has a phone',
    workspaces: [workspace({ users: [al, { id: 'web', name: 'Web', webApp: true }], notifications: { recipients: ['web', 'al'] } })],
  },
  {
    check: 'number-in-two-places',
    title: 'the main number again in a second workspace',
    workspaces: [workspace(), workspace({ id: 'beta', numbers: [{ number: '+15550900100', name: 'Copy' }], contacts: [] })],
    expect: [
      {
        path: 'workspaces.1.numbers.0.number',
        message: '+15550900100 is already configured at workspaces.0.numbers.0; a number belongs to one workspace once',
      },
    ],
  },
  {
    check: 'number-in-two-places',
    title: 'the same number listed twice in one workspace',
    workspaces: [workspace({ numbers: [main, { number: '+15550900101', name: 'Sales' }, { number: '+15550900100', name: 'Again' }] })],
    expect: [
      {
        path: 'workspaces.0.numbers.2.number',
        message: '+15550900100 is already configured at workspaces.0.numbers.0; a number belongs to one workspace once',
      },
    ],
  },
  {
    check: 'number-in-two-places',
    title: 'two workspaces, a number each',
    workspaces: [workspace(), workspace({ id: 'beta', numbers: [{ number: '+15550900101', name: 'Beta' }], contacts: [] })],
  },
  {
    check: 'unknown-assigned-user',
    title: 'a number assigned to zed',
    workspaces: [workspace({ numbers: [{ ...main, assignedUser: 'zed' }] })],
    expect: [{ path: 'workspaces.0.numbers.0.assignedUser', message: 'refers to user "zed", which workspace "acme" does not have' }],
  },
  {
    check: 'unknown-assigned-user',
    title: 'a number assigned to no one',
    workspaces: [workspace({ numbers: [{ ...main, assignedUser: null }] })],
  },
  {
    check: 'ring-group-too-large',
    title: 'eight users in a ring group',
    workspaces: [ringGroupOf(8)],
    expect: [{ path: 'workspaces.0.numbers.0.ringUsers', message: 'a ring group has at most 7 users; this one has 8' }],
  },
  { check: 'ring-group-too-large', title: 'seven users in a ring group', workspaces: [ringGroupOf(7)] },
  {
    check: 'unknown-ring-user',
    title: 'a ring group member who is no user',
    workspaces: [workspace({ users: [al, bo], numbers: [{ ...main, ringUsers: ['bo', 'zed'] }] })],
    expect: [{ path: 'workspaces.0.numbers.0.ringUsers.1', message: 'refers to user "zed", which workspace "acme" does not have' }],
  },
  {
    check: 'unknown-ring-user',
    title: 'ring group members who are users',
    workspaces: [workspace({ users: [al, bo], numbers: [{ ...main, ringUsers: ['bo', 'al'] }] })],
  },
  {
    check: 'ring-user-listed-twice',
    title: 'bo twice in the ring group',
    workspaces: [workspace({ users: [al, bo], numbers: [{ ...main, ringUsers: ['bo', 'al', 'bo'] }] })],
    expect: [{ path: 'workspaces.0.numbers.0.ringUsers.2', message: 'user "bo" is listed twice' }],
  },
  {
    check: 'ring-user-listed-twice',
    title: 'bo and al once each',
    workspaces: [workspace({ users: [al, bo], numbers: [{ ...main, ringUsers: ['bo', 'al'] }] })],
  },
  {
    check: 'ring-group-hangs-up',
    title: 'a group of users without phone or app, no fallback, no greeting',
    workspaces: [
      workspace({
        users: [al, { id: 'ann', name: 'Ann' }, { id: 'cy', name: 'Cy' }],
        numbers: [{ number: '+15550900100', name: 'Sales', ringUsers: ['ann', 'cy'] }],
      }),
    ],
    expect: [
      {
        path: 'workspaces.0.numbers.0.ringUsers',
        message:
          'no user of this ring group (ann, cy) can ring anything (no app, no phone, no forwarding number or company phone to fall back on) and there is no voicemail greeting: every call to +15550900100 that reaches the ring group would be hung up; give a user a phone or an app, set a forwarding number, or a greeting (voicemail.greetingText)',
      },
    ],
  },
  {
    check: 'ring-group-hangs-up',
    title: 'the same group with a workspace greeting (callers leave a message)',
    workspaces: [
      workspace({
        users: [al, { id: 'ann', name: 'Ann' }, { id: 'cy', name: 'Cy' }],
        numbers: [{ number: '+15550900100', name: 'Sales', ringUsers: ['ann', 'cy'] }],
        voicemail: { greetingText: 'Leave a message.' },
      }),
    ],
  },
  {
    check: 'unknown-ring-first-user',
    title: 'zed rung first, who is no user',
    workspaces: [
      workspace({ users: [al, bo], numbers: [{ ...main, ringUsers: ['bo'], ringFirst: { users: ['al', 'zed'], seconds: 15 } }] }),
    ],
    expect: [{ path: 'workspaces.0.numbers.0.ringFirst.users.1', message: 'refers to user "zed", which workspace "acme" does not have' }],
  },
  {
    check: 'unknown-ring-first-user',
    title: 'al rung first, then the group',
    workspaces: [workspace({ users: [al, bo], numbers: [{ ...main, ringUsers: ['bo'], ringFirst: { users: ['al'], seconds: 15 } }] })],
  },
  {
    check: 'ring-first-outlasts-timeout',
    title: "a first tier as long as the number's timeout, and one as long as the default",
    workspaces: [
      workspace({
        users: [al, bo],
        numbers: [
          { ...main, ringUsers: ['bo'], inboundTimeout: 20, ringFirst: { users: ['al'], seconds: 20 } },
          { number: '+15550900101', name: 'Sales', ringUsers: ['bo'], ringFirst: { users: ['al'], seconds: 90 } },
        ],
      }),
    ],
    expect: [
      {
        path: 'workspaces.0.numbers.0.ringFirst.seconds',
        message:
          'rings the first users for 20 s, but the whole ring of a call to +15550900100 lasts 20 s (its inboundTimeout): the ring group would never ring; make it shorter than 20 s',
      },
      {
        path: 'workspaces.0.numbers.1.ringFirst.seconds',
        message:
          'rings the first users for 90 s, but the whole ring of a call to +15550900101 lasts 60 s (the default inbound timeout): the ring group would never ring; make it shorter than 60 s',
      },
    ],
  },
  {
    check: 'ring-first-outlasts-timeout',
    title: 'a first tier of 15 s in a ring of 20 s',
    workspaces: [
      workspace({
        users: [al, bo],
        numbers: [{ ...main, ringUsers: ['bo'], inboundTimeout: 20, ringFirst: { users: ['al'], seconds: 15 } }],
      }),
    ],
  },
  {
    check: 'sticky-agent-outlasts-timeout',
    title: "the person who helped last rung for the workspace's whole 30 s",
    workspaces: [
      workspace({
        inbound: { timeout: 30, stickyAgent: { enabled: true, seconds: 30 } },
        numbers: [main, { number: '+15550900101', name: 'Sales', inboundTimeout: 45 }],
      }),
    ],
    expect: [
      {
        path: 'workspaces.0.inbound.stickyAgent.seconds',
        message:
          "rings the person who helped last for 30 s, as long as or longer than the whole ring of calls to +15550900100 (30 s, the workspace's inbound.timeout): nobody else would ever ring there; make it shorter than the shortest inbound timeout",
      },
    ],
  },
  {
    check: 'sticky-agent-outlasts-timeout',
    title: 'the same seconds with the sticky agent off',
    workspaces: [workspace({ inbound: { timeout: 30, stickyAgent: { enabled: false, seconds: 30 } } })],
  },
  {
    check: 'sticky-agent-outlasts-timeout',
    title: 'the person who helped last rung 15 s of 30',
    workspaces: [workspace({ inbound: { timeout: 30, stickyAgent: { enabled: true, seconds: 15 } } })],
  },
  {
    check: 'unknown-menu-user',
    title: 'option 1 rings zed, who is no user',
    workspaces: [
      workspace({ users: [al, bo], numbers: [{ ...main, menu: menu({ '1': ringOption(['bo', 'zed']), '2': voicemailOption() }) }] }),
    ],
    expect: [
      { path: 'workspaces.0.numbers.0.menu.options.1.users.1', message: 'refers to user "zed", which workspace "acme" does not have' },
    ],
  },
  {
    check: 'unknown-menu-user',
    title: 'option 1 rings bo and al',
    workspaces: [
      workspace({ users: [al, bo], numbers: [{ ...main, menu: menu({ '1': ringOption(['bo', 'al']), '2': voicemailOption() }) }] }),
    ],
  },
  {
    check: 'unknown-menu-voicemail-user',
    title: "option 2 takes zed's voicemail",
    workspaces: [workspace({ numbers: [{ ...main, menu: menu({ '1': ringOption(['al']), '2': voicemailOption('zed') }) }] })],
    expect: [{ path: 'workspaces.0.numbers.0.menu.options.2.user', message: 'refers to user "zed", which workspace "acme" does not have' }],
  },
  {
    check: 'unknown-menu-voicemail-user',
    title: "option 2 takes al's voicemail",
    workspaces: [workspace({ numbers: [{ ...main, menu: menu({ '1': ringOption(['al']), '2': voicemailOption('al') }) }] })],
  },
  {
    check: 'menu-option-rings-nothing',
    title: 'option 1 rings a user with no phone, no app, no fallback (the number assigned to al does not help)',
    workspaces: [
      workspace({
        users: [al, { id: 'ann', name: 'Ann' }],
        numbers: [{ ...main, menu: menu({ '1': ringOption(['ann']), '2': voicemailOption() }) }],
      }),
    ],
    expect: [
      {
        path: 'workspaces.0.numbers.0.menu.options.1.users',
        message:
          'no user of option 1 (ann) can ring anything (no app, no phone, no forwarding number or company phone to fall back on): a caller who presses 1 would ring no one; give one of them a phone or an app, set a forwarding number, or make it a voicemail option',
      },
    ],
  },
  {
    check: 'menu-option-rings-nothing',
    title: 'the same option with al beside ann',
    workspaces: [
      workspace({
        users: [al, { id: 'ann', name: 'Ann' }],
        numbers: [{ ...main, menu: menu({ '1': ringOption(['ann', 'al']), '2': voicemailOption() }) }],
      }),
    ],
  },
  {
    check: 'menu-option-rings-nothing',
    title: "the same option falls back on the number's forwarding number",
    workspaces: [
      workspace({
        users: [al, { id: 'ann', name: 'Ann' }],
        numbers: [{ ...main, forwardingNumber: '+15550900009', menu: menu({ '1': ringOption(['ann']), '2': voicemailOption() }) }],
      }),
    ],
  },
  {
    check: 'menu-default-not-an-option',
    title: 'a default of 3 in a menu of 1 and 2',
    workspaces: [workspace({ numbers: [{ ...main, menu: menu({ '1': ringOption(['al']), '2': voicemailOption() }, '3') }] })],
    expect: [
      {
        path: 'workspaces.0.numbers.0.menu.default',
        message: `"3" is not one of the menu's options (1, 2): a caller who presses nothing would have nowhere to go; name one of them`,
      },
    ],
  },
  {
    check: 'menu-default-not-an-option',
    title: 'a default of 2 in a menu of 1 and 2',
    workspaces: [workspace({ numbers: [{ ...main, menu: menu({ '1': ringOption(['al']), '2': voicemailOption() }, '2') }] })],
  },
  {
    check: 'menu-forward-loops',
    title: 'option 3 forwards to the main number itself',
    workspaces: [
      workspace({
        numbers: [{ ...main, menu: menu({ '1': ringOption(['al']), '3': { label: 'Loop', action: 'forward', to: '+15550900100' } }) }],
      }),
    ],
    expect: [
      {
        path: 'workspaces.0.numbers.0.menu.options.3.to',
        message: "+15550900100 is one of this configuration's own routed numbers (workspaces.0.numbers.0); calling it would loop back here",
      },
    ],
  },
  {
    check: 'menu-forward-loops',
    title: 'option 3 forwards to a phone outside',
    workspaces: [
      workspace({
        numbers: [{ ...main, menu: menu({ '1': ringOption(['al']), '3': { label: 'Out', action: 'forward', to: '+15550900009' } }) }],
      }),
    ],
  },
  {
    check: 'forward-mode-without-number',
    title: 'forward mode, nowhere to forward',
    workspaces: [workspace({ numbers: [{ ...main, mode: 'forward' }] })],
    expect: [{ path: 'workspaces.0.numbers.0.forwardingNumber', message: 'is required when mode is "forward"' }],
  },
  {
    check: 'forward-mode-without-number',
    title: 'forward mode with a forwarding number',
    workspaces: [workspace({ numbers: [{ ...main, mode: 'forward', forwardingNumber: '+15550900009' }] })],
  },
  {
    check: 'duplicate-webhook-url',
    title: 'one URL for two webhooks',
    workspaces: [
      workspace({
        webhooks: [webhook('https://hooks.example.com/a'), webhook('https://hooks.example.com/b'), webhook('https://hooks.example.com/a')],
      }),
    ],
    expect: [{ path: 'workspaces.0.webhooks.2.url', message: 'the same URL as webhooks.0: list it once, with every event type it takes' }],
  },
  {
    check: 'duplicate-webhook-url',
    title: 'two webhooks, two URLs',
    workspaces: [workspace({ webhooks: [webhook('https://hooks.example.com/a'), webhook('https://hooks.example.com/b')] })],
  },
  {
    check: 'webhook-event-listed-twice',
    title: 'call.completed twice',
    workspaces: [workspace({ webhooks: [webhook('https://hooks.example.com/a', ['call.completed', 'textback.sent', 'call.completed'])] })],
    expect: [{ path: 'workspaces.0.webhooks.0.events.2', message: '"call.completed" is listed twice' }],
  },
  {
    check: 'webhook-event-listed-twice',
    title: 'two event types once each',
    workspaces: [workspace({ webhooks: [webhook('https://hooks.example.com/a', ['call.completed', 'textback.sent'])] })],
  },
  {
    check: 'duplicate-contact',
    title: 'one phone, two contacts',
    workspaces: [
      workspace({ contacts: [{ phone: '+15550900200' }, { phone: '+15550900201' }, { phone: '+15550900200', firstName: 'Again' }] }),
    ],
    expect: [{ path: 'workspaces.0.contacts.2.phone', message: 'duplicate contact +15550900200 (also contacts.0)' }],
  },
  {
    check: 'duplicate-contact',
    title: 'two contacts, two phones',
    workspaces: [workspace({ contacts: [{ phone: '+15550900200' }, { phone: '+15550900201' }] })],
  },
  {
    check: 'unknown-contact-owner',
    title: 'a contact assigned to zed',
    workspaces: [workspace({ contacts: [{ phone: '+15550900200', assignedUser: 'zed' }] })],
    expect: [{ path: 'workspaces.0.contacts.0.assignedUser', message: 'refers to user "zed", which workspace "acme" does not have' }],
  },
  {
    check: 'unknown-contact-owner',
    title: 'a contact assigned to al',
    workspaces: [workspace({ contacts: [{ phone: '+15550900200', assignedUser: 'al' }] })],
  },
  {
    check: 'company-phone-loops',
    title: 'the company phone is the main number',
    workspaces: [workspace({ companyPhone: '+15550900100' })],
    expect: [
      {
        path: 'workspaces.0.companyPhone',
        message: "+15550900100 is one of this configuration's own routed numbers (workspaces.0.numbers.0); calling it would loop back here",
      },
    ],
  },
  { check: 'company-phone-loops', title: 'a company phone elsewhere', workspaces: [workspace({ companyPhone: '+15550900001' })] },
  {
    check: 'user-phone-loops',
    title: "a user's phone is another workspace's number",
    workspaces: [
      workspace({ users: [{ ...al, phone: '+15550900101' }] }),
      workspace({ id: 'beta', numbers: [{ number: '+15550900101', name: 'Beta' }], contacts: [] }),
    ],
    expect: [
      {
        path: 'workspaces.0.users.0.phone',
        message: "+15550900101 is one of this configuration's own routed numbers (workspaces.1.numbers.0); calling it would loop back here",
      },
    ],
  },
  { check: 'user-phone-loops', title: "a user's own phone", workspaces: [workspace()] },
  {
    check: 'forwarding-number-loops',
    title: 'a number forwards to the main number',
    workspaces: [workspace({ numbers: [main, { number: '+15550900101', name: 'Loop', forwardingNumber: '+15550900100' }] })],
    expect: [
      {
        path: 'workspaces.0.numbers.1.forwardingNumber',
        message: "+15550900100 is one of this configuration's own routed numbers (workspaces.0.numbers.0); calling it would loop back here",
      },
    ],
  },
  {
    check: 'forwarding-number-loops',
    title: 'a number forwards to a phone outside',
    workspaces: [workspace({ numbers: [main, { number: '+15550900101', name: 'Out', forwardingNumber: '+15550900009' }] })],
  },
  {
    check: 'after-hours-forward-loops',
    title: 'after hours, the main number forwards to itself',
    workspaces: [workspace({ numbers: [{ ...main, afterHours: { action: 'forward', forwardTo: '+15550900100' } }] })],
    expect: [
      {
        path: 'workspaces.0.numbers.0.afterHours.forwardTo',
        message: "+15550900100 is one of this configuration's own routed numbers (workspaces.0.numbers.0); calling it would loop back here",
      },
    ],
  },
  {
    check: 'after-hours-forward-loops',
    title: 'after hours, forwarded to a phone outside',
    workspaces: [workspace({ numbers: [{ ...main, afterHours: { action: 'forward', forwardTo: '+15550900009' } }] })],
  },
  {
    check: 'workspace-document-too-large',
    title: '150 users with long names',
    workspaces: [workspace({ users: manyUsers(150), numbers: [{ ...main, assignedUser: 'user-0' }], contacts: [] })],
    expect: [
      {
        path: 'workspaces.0',
        message: /^workspace "acme" would be a Sync document of 3\d{4} bytes; Sync holds at most 16384 bytes \(16 KiB\) per document$/,
      },
    ],
  },
  {
    check: 'workspace-document-too-large',
    title: '70 users with long names (their defaults left out of the stored document)',
    workspaces: [workspace({ users: manyUsers(70), numbers: [{ ...main, assignedUser: 'user-0' }], contacts: [] })],
  },
  {
    check: 'number-document-too-large',
    title: 'a number named with 16 KiB',
    workspaces: [workspace({ numbers: [{ ...main, name: 'N'.repeat(16 * 1024) }] })],
    expect: [
      {
        path: 'workspaces.0.numbers.0',
        message: /^number \+15550900100 would be a Sync document of 16\d{3} bytes; Sync holds at most 16384 bytes \(16 KiB\) per document$/,
      },
    ],
  },
  {
    check: 'number-document-too-large',
    title: 'a number named with 15 KiB',
    workspaces: [workspace({ numbers: [{ ...main, name: 'N'.repeat(15 * 1024) }] })],
  },
];

function ringGroupOf(size: number): WorkspaceInput {
  const users = Array.from({ length: size }, (_, i) => ({ id: `u${i}`, name: `U${i}`, phone: `+1555090030${i}` }));
  return workspace({ users, numbers: [{ number: '+15550900100', name: 'Group', ringUsers: users.map((user) => user.id) }], contacts: [] });
}

function webhook(url: string, events?: string[]) {
  return { url, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, ...(events ? { events } : {}) } as NonNullable<
    WorkspaceInput['webhooks']
  >[number];
}

function manyUsers(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `user-${i}`,
    name: `A rather long user name number ${i}`,
    phone: `+1555091${String(i).padStart(4, '0')}`,
  }));
}

type MenuInput = NonNullable<NonNullable<WorkspaceInput['numbers']>[number]['menu']>;

function menu(options: MenuInput['options'], fallback = '1'): MenuInput {
  return { greeting: { text: 'Press 1 for sales, 2 to leave a message.' }, options, default: fallback };
}

function ringOption(users: string[]): MenuInput['options'][string] {
  return { label: 'Sales', action: 'ring', users };
}

function voicemailOption(user?: string): MenuInput['options'][string] {
  return { label: 'Leave a message', action: 'voicemail', ...(user ? { user } : {}) };
}
