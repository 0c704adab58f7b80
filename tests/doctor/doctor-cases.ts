// The doctor's cases: for each check id (src/doctor/checks.ts), a valid bundle that draws its warning, written out
// literally (path and message), and a near miss that does not; `alongside` lists what other checks rightly say
// about the same bundle. A check without both kinds of case fails tests/doctor/checks.test.ts.
import type { BundleInput } from '../../src/config/types';

type WorkspaceInput = BundleInput['workspaces'][number];
type NumberInput = NonNullable<WorkspaceInput['numbers']>[number];

export interface Warning {
  path: string;
  message: string;
}

export interface DoctorCase {
  /** The id of the check in DOCTOR_CHECKS. */
  check: string;
  title: string;
  workspace: WorkspaceInput;
  /** The check's own warnings, in order; none: it has nothing to say. */
  expect?: Warning[];
  /** The other checks' warnings about this bundle (in any order); none by default. */
  alongside?: Warning[];
}

const NUMBER = '+15550260100';
const cell = { id: 'cell', name: 'Has a cell', phone: '+15550260002' };
const app = { id: 'app', name: 'Apps only', webApp: true, mobileApp: true };
const ghost = { id: 'ghost', name: 'No phone, no app' };

/**
 * A workspace the doctor has nothing to say about: text-back on through a Messaging Service, a number assigned to a
 * user with a cell, ringing 15 s (inside seed 004's 10-20 s). `number` and `fields` replace its own.
 */
export function workspace(number: Partial<NumberInput> = {}, fields: Partial<WorkspaceInput> = {}): WorkspaceInput {
  return {
    id: 'doc',
    name: 'Doctor Co',
    textBack: { enabled: true },
    messagingServiceSid: `MG${'0'.repeat(32)}`,
    users: [cell, app],
    numbers: [{ number: NUMBER, name: 'Direct line', assignedUser: 'cell', inboundTimeout: 15, ...number }],
    ...fields,
  };
}

const desk = { id: 'desk', name: 'Front desk', phone: '+15550260003' };
const weekdays9to5 = {
  weekly: Object.fromEntries(
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => [day, [{ open: '09:00', close: '17:00' }]]),
  ),
};
const evenings = { monday: [{ open: '17:00', close: '21:00' }], friday: [{ open: '18:00', close: '23:00' }] };
const saturdays = { saturday: [{ open: '09:00', close: '17:00' }] };

const ghostIsUnreachable: Warning = {
  path: 'workspaces.0.users.2',
  message: 'user "ghost" has no phone and no app: they can only be reached through a fallback phone',
};
const wideGroup = (size: number) =>
  workspace(
    { assignedUser: null, ringUsers: Array.from({ length: size }, (_, i) => `u${i}`) },
    {
      users: Array.from({ length: size }, (_, i) => ({
        id: `u${i}`,
        name: `U${i}`,
        phone: `+155502603${i}0`,
        webApp: true,
        mobileApp: true,
      })),
    },
  );

export const DOCTOR_CASES: DoctorCase[] = [
  {
    check: 'speech-language-of-numbers',
    title: 'a Monterrey business read in American English',
    workspace: workspace({ number: '+528181234567' }),
    expect: [
      {
        path: 'workspaces.0.speech',
        message:
          'greetings, whisper, announcement and menu are read in English (United States) (Polly.Joanna), but the workspace\'s numbers are in MX: set speech to { "language": "es-MX", "voice": "Polly.Mia" } (Spanish (Mexico)) if the callers speak it',
      },
    ],
  },
  {
    check: 'speech-language-of-numbers',
    title: 'a Monterrey business read in Mexican Spanish',
    workspace: workspace({ number: '+528181234567' }, { speech: { language: 'es-MX', voice: 'Polly.Mia' } }),
  },
  {
    check: 'unregistered-text-back',
    title: 'text-back from a US long code, no Messaging Service',
    workspace: workspace({}, { messagingServiceSid: null }),
    expect: [
      {
        path: 'workspaces.0.messagingServiceSid',
        message:
          "text-back from +15550260100 (US long code) has no Messaging Service: US carriers block texts from 10DLC numbers not registered for A2P 10DLC (Twilio error 30034, unregistered A2P 10DLC number) or filter them (Twilio error 30007, carrier filtering), while the text looks sent. Register a brand and campaign (Console: Messaging > Regulatory Compliance), add the numbers to the campaign's Messaging Service, and set messagingServiceSid here (or on each number)",
      },
    ],
  },
  {
    check: 'unregistered-text-back',
    title: "the number's own Messaging Service",
    workspace: workspace({ messagingServiceSid: `MG${'1'.repeat(32)}` }, { messagingServiceSid: null }),
  },
  {
    check: 'costly-text-back',
    title: 'a 161-character text-back',
    workspace: workspace({}, { textBack: { enabled: true, message: 'x'.repeat(161) } }),
    expect: [
      {
        path: 'workspaces.0.textBack.message',
        message:
          "the text-back from +15550260100 to a caller who is not a contact costs 2 segments (GSM-7: 161 characters; one segment holds 160, 153 each once split), on every missed call (a contact's name adds its length)",
      },
    ],
  },
  {
    check: 'costly-text-back',
    title: 'a 160-character text-back',
    workspace: workspace({}, { textBack: { enabled: true, message: 'x'.repeat(160) } }),
  },
  {
    check: 'webhook-local-only',
    title: 'events to http://localhost',
    workspace: workspace(
      {},
      { webhooks: [{ url: 'http://localhost:8787/hook', secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }] },
    ),
    expect: [
      {
        path: 'workspaces.0.webhooks.0.url',
        message:
          'http://localhost:8787/hook works only while the functions are served locally: deployed, call events are sent to https:// URLs only',
      },
    ],
  },
  {
    check: 'webhook-local-only',
    title: 'events to an https:// URL',
    workspace: workspace(
      {},
      { webhooks: [{ url: 'https://crm.example.com/hook', secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }] },
    ),
  },
  {
    check: 'user-unreachable',
    title: 'a user with no phone and no app',
    workspace: workspace({}, { users: [cell, app, ghost] }),
    expect: [ghostIsUnreachable],
  },
  {
    check: 'user-unreachable',
    title: 'a user with the web app only',
    workspace: workspace({}, { users: [cell, app, { ...ghost, webApp: true }] }),
  },
  {
    check: 'assigned-user-rings-nothing',
    title: 'a number assigned to a user who rings nothing',
    workspace: workspace({ assignedUser: 'ghost' }, { users: [cell, app, ghost] }),
    expect: [
      {
        path: 'workspaces.0.numbers.0.assignedUser',
        message:
          '+15550260100 is assigned to "ghost", who can ring nothing (no app, no phone, no forwarding number or company phone to fall back on)',
      },
    ],
    alongside: [ghostIsUnreachable],
  },
  {
    check: 'assigned-user-rings-nothing',
    title: 'the same user, with the company phone to fall back on',
    workspace: workspace({ assignedUser: 'ghost' }, { users: [cell, app, ghost], companyPhone: '+15550260001' }),
    alongside: [ghostIsUnreachable],
  },
  {
    check: 'voicemail-takes-text-back',
    title: "seed 000's trap: a cell rung 25 s, text-back on, call connect off",
    workspace: workspace({ inboundTimeout: 25 }),
    expect: [
      {
        path: 'workspaces.0.numbers.0.inboundTimeout',
        message:
          "+15550260100 rings a phone for 25 s with text-back on and call connect off: a cell phone's own voicemail answers after about 20 s, the call then counts as answered and the caller gets no text; ring for 10-20 s, or turn call connect on",
      },
    ],
  },
  {
    check: 'voicemail-takes-text-back',
    title: 'the trap through the workspace timeout, with a greeting lost too',
    workspace: workspace({ inboundTimeout: null }, { inbound: { timeout: 30 }, voicemail: { greetingText: 'Leave a message.' } }),
    expect: [
      {
        path: 'workspaces.0.inbound.timeout',
        message:
          "+15550260100 rings a phone for 30 s with text-back on and call connect off: a cell phone's own voicemail answers after about 20 s, the call then counts as answered and the caller gets no text (nor your greeting); ring for 10-20 s, or turn call connect on",
      },
    ],
  },
  {
    check: 'voicemail-takes-text-back',
    title: 'call connect on',
    workspace: workspace({ inboundTimeout: 25, callConnect: { enabled: true } }),
  },
  {
    check: 'voicemail-before-greeting',
    title: 'a cell rung 25 s while a greeting waits (call connect on)',
    workspace: workspace({ inboundTimeout: 25, callConnect: { enabled: true } }, { voicemail: { greetingText: 'Leave a message.' } }),
    expect: [
      {
        path: 'workspaces.0.numbers.0.inboundTimeout',
        message:
          "+15550260100 rings for 25 s with a voicemail greeting set: a cell phone's own voicemail usually answers after about 20 s, so callers may never reach yours",
      },
    ],
  },
  {
    check: 'voicemail-before-greeting',
    title: 'a greeting, ringing 20 s',
    workspace: workspace({ inboundTimeout: 20, callConnect: { enabled: true } }, { voicemail: { greetingText: 'Leave a message.' } }),
  },
  {
    check: 'short-timeout',
    title: 'ringing 5 s',
    workspace: workspace({ inboundTimeout: 5 }),
    expect: [
      {
        path: 'workspaces.0.numbers.0.inboundTimeout',
        message:
          '+15550260100 rings for only 5 s: few people reach the phone that fast (fine if you mean calls to go straight to voicemail)',
      },
    ],
  },
  {
    check: 'short-timeout',
    title: 'ringing 3 s by the workspace timeout',
    workspace: workspace({ inboundTimeout: null }, { inbound: { timeout: 3 } }),
    expect: [
      {
        path: 'workspaces.0.inbound.timeout',
        message:
          '+15550260100 rings for only 3 s: few people reach the phone that fast (fine if you mean calls to go straight to voicemail)',
      },
    ],
  },
  { check: 'short-timeout', title: 'ringing 10 s', workspace: workspace({ inboundTimeout: 10 }) },
  {
    check: 'voice-off',
    title: 'a number without voice',
    workspace: workspace({ capabilities: { voice: false, sms: true } }),
    expect: [
      {
        path: 'workspaces.0.numbers.0.capabilities.voice',
        message:
          '+15550260100 cannot take calls (capabilities.voice is false): no call to it reaches these functions, so its routing never applies',
      },
    ],
  },
  { check: 'voice-off', title: 'a number with voice', workspace: workspace({ capabilities: { voice: true, sms: true } }) },
  {
    check: 'text-back-without-sms',
    title: 'text-back on, SMS off',
    workspace: workspace({ capabilities: { voice: true, sms: false } }),
    expect: [
      {
        path: 'workspaces.0.numbers.0.capabilities.sms',
        message: 'text-back is on, but +15550260100 cannot send SMS: its missed callers get no text',
      },
    ],
  },
  {
    check: 'text-back-without-sms',
    title: 'SMS off, text-back off for the number',
    workspace: workspace({ capabilities: { voice: true, sms: false }, textBack: { enabled: false } }),
  },
  {
    check: 'recording-without-announcement',
    title: 'recorded, unannounced',
    workspace: workspace({ recording: { enabled: true } }),
    expect: [
      {
        path: 'workspaces.0.numbers.0.recording.announcement',
        message: '+15550260100 records calls without an announcement; most places require telling the caller',
      },
    ],
  },
  {
    check: 'recording-without-announcement',
    title: 'recorded and announced',
    workspace: workspace({ recording: { enabled: true, announcement: 'This call is recorded.' } }),
  },
  {
    check: 'ring-group-over-leg-limit',
    title: 'four users with a phone and two apps each: 12 legs',
    workspace: wideGroup(4),
    expect: [
      {
        path: 'workspaces.0.numbers.0.ringUsers',
        message: 'the ring group would ring 12 legs; Twilio rings at most 10 at once, so 2 will not ring',
      },
    ],
  },
  { check: 'ring-group-over-leg-limit', title: 'three of them: 9 legs', workspace: wideGroup(3) },
  {
    check: 'ring-group-to-voicemail',
    title: 'a group that rings nothing, a greeting waiting',
    workspace: workspace(
      { assignedUser: null, ringUsers: ['ghost'] },
      { users: [cell, app, ghost], voicemail: { greetingText: 'Leave a message.' } },
    ),
    expect: [
      {
        path: 'workspaces.0.numbers.0.ringUsers',
        message:
          'no user of the ring group (ghost) can ring anything (no app, no phone, no forwarding number or company phone to fall back on): every call to +15550260100 that reaches the ring group goes straight to voicemail',
      },
    ],
    alongside: [ghostIsUnreachable],
  },
  {
    check: 'ring-group-to-voicemail',
    title: 'the same group with the assigned user taking the calls',
    workspace: workspace(
      { assignedUser: 'cell', ringUsers: ['ghost'] },
      { users: [cell, app, ghost], voicemail: { greetingText: 'Leave a message.' } },
    ),
    alongside: [ghostIsUnreachable],
  },
  {
    check: 'ring-group-outside-business-hours',
    title: 'a group whose users work evenings and Saturdays, open weekdays 9 to 5',
    workspace: workspace(
      { assignedUser: null, ringUsers: ['cell', 'app'] },
      {
        businessHours: weekdays9to5,
        users: [
          { ...cell, workingHours: evenings },
          { ...app, workingHours: saturdays },
        ],
      },
    ),
    expect: [
      {
        path: 'workspaces.0.numbers.0.ringUsers',
        message:
          'the working hours of every user of the ring group (cell, app) are outside the business hours: in business hours the ring group never rings anyone, and those calls go on as if it were empty',
      },
    ],
  },
  {
    check: 'ring-group-outside-business-hours',
    title: "a menu option's only user works evenings",
    workspace: workspace(
      {
        menu: {
          greeting: { text: 'Press 1 for the night desk.' },
          options: { '1': { label: 'Night desk', action: 'ring', users: ['cell'] } },
          default: '1',
        },
      },
      { businessHours: weekdays9to5, users: [{ ...cell, workingHours: evenings }, app] },
    ),
    expect: [
      {
        path: 'workspaces.0.numbers.0.menu.options.1.users',
        message:
          'the working hours of every user of menu option 1 (cell) are outside the business hours: in business hours menu option 1 never rings anyone, and those calls go on as if it were empty',
      },
    ],
  },
  {
    check: 'ring-group-outside-business-hours',
    title: 'one of them works until 6 pm on Mondays (an hour of overlap)',
    workspace: workspace(
      { assignedUser: null, ringUsers: ['cell', 'app'] },
      {
        businessHours: weekdays9to5,
        users: [
          { ...cell, workingHours: { monday: [{ open: '16:00', close: '18:00' }] } },
          { ...app, workingHours: saturdays },
        ],
      },
    ),
  },
  {
    check: 'ring-group-outside-business-hours',
    title: 'one of them has no working hours (rung whenever the route rings them)',
    workspace: workspace(
      { assignedUser: null, ringUsers: ['cell', 'app'] },
      { businessHours: weekdays9to5, users: [{ ...cell, workingHours: evenings }, app] },
    ),
  },
  {
    check: 'ring-group-all-do-not-disturb',
    title: 'both users of the group on do not disturb',
    workspace: workspace(
      { assignedUser: null, ringUsers: ['cell', 'app'] },
      {
        users: [
          { ...cell, doNotDisturb: true },
          { ...app, doNotDisturb: true },
        ],
      },
    ),
    expect: [
      {
        path: 'workspaces.0.numbers.0.ringUsers',
        message:
          'every user of the ring group (cell, app) is on do not disturb: it rings no one until one of them turns it off (in the console, or by texting DND off)',
      },
    ],
  },
  {
    check: 'ring-group-all-do-not-disturb',
    title: 'one of the two on do not disturb',
    workspace: workspace({ assignedUser: null, ringUsers: ['cell', 'app'] }, { users: [{ ...cell, doNotDisturb: true }, app] }),
  },
  {
    check: 'turns-outlast-timeout',
    title: 'three users in order, 10 s each, in a ring of 15 s',
    workspace: workspace(
      { assignedUser: null, ringUsers: ['cell', 'app', 'desk'], ringOrder: 'in-order', ringSecondsEach: 10 },
      { users: [cell, app, desk] },
    ),
    expect: [
      {
        path: 'workspaces.0.numbers.0.ringSecondsEach',
        message:
          '+15550260100 rings its group one at a time for 10 s each, within a ring of 15 s: desk is never reached; shorten each turn or lengthen the ring',
      },
    ],
  },
  {
    check: 'turns-outlast-timeout',
    title: 'three users round robin, 5 s each, after one rung first for 10 s',
    workspace: workspace(
      {
        assignedUser: null,
        ringUsers: ['cell', 'app', 'desk'],
        ringOrder: 'round-robin',
        ringSecondsEach: 5,
        ringFirst: { users: ['cell'], seconds: 10 },
      },
      { users: [cell, app, desk] },
    ),
    expect: [
      {
        path: 'workspaces.0.numbers.0.ringSecondsEach',
        message:
          '+15550260100 rings its group one at a time for 5 s each, within a ring of 15 s, after cell rung first for 10 s: on every call the last 2 in turn are never reached (1 of 3 ring); shorten each turn or lengthen the ring',
      },
    ],
  },
  {
    check: 'turns-outlast-timeout',
    title: 'three users in order, 5 s each, in a ring of 15 s',
    workspace: workspace(
      { assignedUser: null, ringUsers: ['cell', 'app', 'desk'], ringOrder: 'in-order', ringSecondsEach: 5 },
      { users: [cell, app, desk] },
    ),
  },
  {
    check: 'sticky-agent-squeezes-ring-group',
    title: 'the person who helped last 10 s, then cell 5 s, in a ring of 15 s',
    workspace: workspace(
      { assignedUser: null, ringUsers: ['cell', 'app'], ringFirst: { users: ['cell'], seconds: 5 } },
      { inbound: { stickyAgent: { enabled: true, seconds: 10 } } },
    ),
    expect: [
      {
        path: 'workspaces.0.inbound.stickyAgent.seconds',
        message:
          'a caller to +15550260100 who was helped before rings that person first for 10 s and cell for 5 s: the ring group would be left 0 s of the 15 s ring, under 5 s, so it never rings for them',
      },
    ],
  },
  {
    check: 'sticky-agent-squeezes-ring-group',
    title: 'the person who helped last 10 s, then the group 5 s',
    workspace: workspace({ assignedUser: null, ringUsers: ['cell', 'app'] }, { inbound: { stickyAgent: { enabled: true, seconds: 10 } } }),
  },
  {
    check: 'ring-first-leaves-group-unrung',
    title: 'cell first for 12 s of a 15 s ring, then the group all at once',
    workspace: workspace({ assignedUser: null, ringUsers: ['cell', 'app'], ringFirst: { users: ['cell'], seconds: 12 } }),
    expect: [
      {
        path: 'workspaces.0.numbers.0.ringFirst.seconds',
        message:
          '+15550260100 rings cell first for 12 s within a ring of 15 s: the ring group would be left 3 s, under 5 s, so it never rings; shorten the first tier or lengthen the ring',
      },
    ],
  },
  {
    check: 'ring-first-leaves-group-unrung',
    title: 'cell first for 10 s of a 15 s ring, then the group 5 s',
    workspace: workspace({ assignedUser: null, ringUsers: ['cell', 'app'], ringFirst: { users: ['cell'], seconds: 10 } }),
  },
];
