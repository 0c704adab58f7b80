// The console's words for a route (src/console/ui/route-words.ts), which the preview and the Calls page show an
// owner: tiers with people by name, who is not rung and why, what the caller chose at the menu, what spam protection
// did, and the preview's "Presses" field read as the caller's answers. Each case is a change of the sample's settings
// (or an answer typed in the field) and the words expected, decided by the real decide().
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import {
  historyRouteWords,
  legWords,
  reasonWords,
  menuChoiceWords,
  namesOf,
  pressesOf,
  skippedUsers,
  tiersWords,
  verdictWords,
} from '../../src/console/ui/route-words';
import { classifyCaller } from '../../src/routing/caller';
import { decide } from '../../src/routing/decide';
import { ROOT } from '../support/twilio-run';

const ALICE = 'Alice Romero (owner)';
const BOB = 'Bob Okafor (senior technician)';
const CAROL = 'Carol Nguyen (office manager)';
const DAN = 'Dan Fischer (dispatcher)';
const MAIN_LINE = '+15550100100';
const CALLER = '+15555550123';
/** A Wednesday, 10:00 in New York: the sample's business hours are open. The decision is pure: any instant will do. */
const OPEN = new Date('2026-12-02T15:00:00Z');
/** The same Wednesday, 20:00 in New York: closed. */
const CLOSED = new Date('2027-01-01T01:00:00Z');

type Change = (acme: BundleInput['workspaces'][number]) => void;

function decideWith(change: Change, call: { presses?: string[]; stir?: string; at?: Date } = {}) {
  const bundle = JSON.parse(readFileSync(join(ROOT, 'assets', 'sample-config.private.json'), 'utf8')) as BundleInput;
  const acme = bundle.workspaces[0]!;
  change(acme);
  const parsed = parseBundle(bundle);
  const input = {
    to: MAIN_LINE,
    from: CALLER,
    caller: classifyCaller(CALLER),
    ...(call.presses ? { presses: call.presses } : {}),
    ...(call.stir ? { stir: call.stir } : {}),
  };
  const workspace = parsed.workspaces[0]!;
  return { decision: decide(input, parsed, call.at ?? OPEN), workspace, nameOf: namesOf(workspace) };
}

const mainLine = (acme: BundleInput['workspaces'][number]) => acme.numbers!.find((number) => number.number === MAIN_LINE)!;
const user = (acme: BundleInput['workspaces'][number], id: string) => acme.users!.find((entry) => entry.id === id)!;
const MENU = {
  greeting: { text: 'Thanks for calling Acme Plumbing.' },
  options: {
    '1': { label: 'The team', action: 'ring' as const, users: ['bob'] },
    '2': { label: 'Leave a message', action: 'voicemail' as const, user: 'alice' },
  },
  default: '1',
};

test.each<[string, Change, string]>([
  ['all at once, the workspace timeout', () => {}, `Rings ${ALICE}, ${CAROL} and ${DAN} together for 20 s`],
  [
    'ring first, then the group together for what is left',
    (acme) => Object.assign(mainLine(acme), { inboundTimeout: 60, ringFirst: { users: ['bob'], seconds: 15 } }),
    `Rings ${BOB} for 15 s, then ${ALICE}, ${CAROL} and ${DAN} together for 45 s`,
  ],
  [
    'one at a time, in the listed order',
    (acme) =>
      Object.assign(mainLine(acme), { inboundTimeout: 60, ringOrder: 'in-order', ringSecondsEach: 10, ringUsers: ['dan', 'alice'] }),
    `Rings ${DAN} for 10 s, then ${ALICE} for 10 s`,
  ],
  [
    'a number rung for nobody: the forwarding number',
    (acme) => Object.assign(mainLine(acme), { mode: 'forward', forwardingNumber: '+15550100050' }),
    'Rings +15550100050 for 20 s',
  ],
  // The menu's prompt is the greeting, then each option's key (routing's words: only the start is the console's).
  [
    'a phone menu, nothing pressed yet',
    (acme) => Object.assign(mainLine(acme), { menu: MENU }),
    'Plays the phone menu: "Thanks for calling Acme Plumbing.',
  ],
  [
    'the spam check, for a failed caller ID',
    (acme) => Object.assign(acme, { inbound: { ...acme.inbound, screening: { stirFailed: 'challenge' } } }),
    'Asks the caller to press 1: "To be connected, press 1."',
  ],
])('the verdict: %s', (_, change, expected) => {
  const { decision, nameOf } = decideWith(change, { stir: 'TN-Validation-Failed-A' });
  const words = verdictWords(decision, nameOf);
  expect(decision.action === 'gather' ? words.slice(0, expected.length) : words).toBe(expected);
});

test.each<[string, string[], string, string]>([
  ['a key', ['2'], `Goes to voicemail (${ALICE}'s greeting)`, 'pressed 2 (Leave a message)'],
  [
    'nothing twice: the default',
    ['', ''],
    `Rings ${BOB} for 20 s`,
    'made no choice (or pressed a wrong key) twice, so took the default: 1 (The team)',
  ],
  ['a wrong key, then a right one', ['7', '1'], `Rings ${BOB} for 20 s`, 'pressed 1 (The team)'],
  ['nothing once: asked again', [''], 'Plays the phone menu again: "', 'has not chosen yet'],
])('the menu, %s', (_, presses, verdict, choice) => {
  const { decision, nameOf } = decideWith((acme) => Object.assign(mainLine(acme), { menu: MENU }), { presses });
  const words = verdictWords(decision, nameOf);
  expect(decision.action === 'gather' ? words.slice(0, verdict.length) : words).toBe(verdict);
  expect(menuChoiceWords(decision.menu!)).toBe(choice);
});

test.each<[string, Change, Date, { name: string; why: string }[]]>([
  ['nobody unavailable', () => {}, OPEN, []],
  [
    'do not disturb, and a day off',
    (acme) => {
      user(acme, 'dan').doNotDisturb = true;
      user(acme, 'carol').workingHours = { monday: [{ open: '09:00', close: '17:00' }] };
    },
    OPEN,
    [
      { name: CAROL, why: 'is outside their working hours (wednesday not working; it is 10:00 America/New_York)' },
      { name: DAN, why: 'is on do not disturb' },
    ],
  ],
  // After hours the ring group is never reached: nobody is "not rung" for being unavailable.
  ['unavailable, but the route never reached them', (acme) => Object.assign(user(acme, 'dan'), { doNotDisturb: true }), CLOSED, []],
])('who is not rung and why: %s', (_, change, at, expected) => {
  const { decision, workspace } = decideWith(change, { at });
  expect(skippedUsers(decision, workspace)).toEqual(expected);
});

test('tiers in words name each person, and fall back to the number for a tier that rings nobody in particular', () => {
  const nameOf = namesOf({ users: [{ id: 'alice', name: 'Alice' }] as never });
  expect(
    tiersWords(
      [
        { users: ['alice'], legs: [], seconds: 15 },
        { users: [], legs: [{ kind: 'number', number: '+15550100001', source: 'company-phone' }], seconds: 20 },
      ],
      nameOf,
    ),
  ).toBe('Alice for 15 s, then +15550100001 for 20 s');
});

test.each<[string, string[]]>([
  ['', []],
  ['1', ['1']],
  ['12', ['1', '2']],
  ['_2', ['', '2']],
  [' 1 2 ', ['1', '2']],
  ['sales please, 1', ['sales please', '1']],
  ['_, 3', ['', '3']],
])('the Presses field "%s" is the answers %j', (text, answers) => {
  expect(pressesOf(text)).toEqual(answers);
});

const nameOfAcme = namesOf({
  users: [
    { id: 'alice', name: ALICE },
    { id: 'bob', name: BOB },
  ] as never,
});
const TIERS = [
  { users: ['alice'], seconds: 15, legs: ['client:acme_alice_web', 'number:+15550100002'], label: 'ring first: alice' },
  { users: ['bob'], seconds: 20, legs: ['number:+15550100010'], label: 'in order: bob (1 of 1)' },
];

test.each<[string, unknown, ReturnType<typeof historyRouteWords>]>([
  ['a call recorded before issue 20', { route: { rule: 'ring-group', legs: ['number:+15550100002'] } }, {}],
  ['not a call at all', null, {}],
  ['fields of another shape say nothing', { route: { tiers: 'all', menu: 7, screening: { verdict: 3 } }, tiersRung: [] }, {}],
  [
    'answered at the first tier: the second was not rung',
    { route: { tiers: TIERS } },
    { rang: `${ALICE} for 15 s; not rung (answered or ended first): ${BOB} for 20 s` },
  ],
  [
    'both tiers rung (dial-complete rang the second)',
    { route: { tiers: TIERS }, tiersRung: { '1': { tier: 1, after: { dialStatus: 'no-answer' } } } },
    { rang: `${ALICE} for 15 s, then ${BOB} for 20 s` },
  ],
  [
    'a tier that rang a number for nobody',
    { route: { tiers: [{ users: [], seconds: 30, legs: ['number:+15550100050'] }] } },
    { rang: '+15550100050 for 30 s' },
  ],
  [
    'through the menu, by key',
    {
      route: {
        menu: { options: [{ digit: '2', label: 'Leave a message', action: 'voicemail' }], answers: ['2'], chose: '2', how: 'pressed' },
      },
    },
    { menu: 'The caller pressed 2 (Leave a message).' },
  ],
  [
    'through the menu, by the default',
    { route: { menu: { options: [{ digit: '1', label: 'Sales', action: 'ring' }], answers: ['', ''], chose: '1', how: 'default' } } },
    { menu: 'The caller made no choice (or pressed a wrong key) twice, so took the default: 1 (Sales).' },
  ],
  [
    'screened: failed the challenge, never texted back',
    { route: { screening: { verdict: 'failed', why: 'the caller ID check failed (TN-Validation-Failed-A)' }, textBack: false } },
    { screening: 'did not press 1, hung up, never texted back. Why: the caller ID check failed (TN-Validation-Failed-A).' },
  ],
])('the Calls page tells %s', (_, call, expected) => {
  expect(historyRouteWords(call, nameOfAcme)).toEqual(expected);
});

/** The sample's calls, each from a caller to a number, decided by the real decide() at an open hour. */
function decideCall(from: string, to: string, change: Change = () => {}) {
  const bundle = JSON.parse(readFileSync(join(ROOT, 'assets', 'sample-config.private.json'), 'utf8')) as BundleInput;
  change(bundle.workspaces[0]!);
  const parsed = parseBundle(bundle);
  return { decision: decide({ to, from, caller: classifyCaller(from) }, parsed, OPEN), workspace: parsed.workspaces[0]! };
}
const US = { country: 'US' as const };
const DANA = '+15550100200';

test.each<[string, string, string, Change | undefined, string]>([
  ['a contact assigned to a user', DANA, MAIN_LINE, undefined, `Dana Whitfield is ${BOB}'s customer, so ${BOB}'s phones ring.`],
  ['a number assigned to a user', CALLER, '+15550100101', undefined, `Alice's direct line belongs to ${ALICE}, so ${ALICE}'s phones ring.`],
  ['a ring group', CALLER, MAIN_LINE, undefined, `Main line rings its group: ${ALICE}, ${CAROL} and ${DAN}.`],
  [
    'forward mode',
    CALLER,
    MAIN_LINE,
    (acme) => Object.assign(acme.numbers![0]!, { mode: 'forward', forwardingNumber: '+15550100050' }),
    'Main line always forwards calls to (555) 010-0050.',
  ],
  [
    'an inactive number',
    CALLER,
    MAIN_LINE,
    (acme) => Object.assign(acme.numbers![0]!, { status: 'inactive' }),
    'Main line is inactive, so the call is turned away.',
  ],
  [
    'an unknown number',
    CALLER,
    '+15550109999',
    undefined,
    "(555) 010-9999 is not one of this workspace's numbers, so the call is turned away.",
  ],
])('the reason in a sentence: %s', (_case, from, to, change, expected) => {
  const { decision, workspace } = decideCall(from, to, change);
  expect(reasonWords(decision, workspace, US)).toBe(expected);
});

test.each([
  ['an app, by its user', { kind: 'client', identity: 'acme_bob_mobile', user: 'bob', app: 'mobile' }, `${BOB} (mobile app)`],
  [
    "a user's phone with an extension",
    { kind: 'number', number: '+15550100003', user: 'bob', source: 'user-phone', sendDigits: 'ww204' },
    `${BOB}: phone (555) 010-0003, extension 204`,
  ],
  ['a number for nobody', { kind: 'number', number: '+442079460000', source: 'forwarding-number' }, '+44 20 7946 0000'],
] as const)('a leg in words: %s', (_case, target, expected) => {
  const { workspace } = decideCall(CALLER, MAIN_LINE);
  expect(legWords(target as never, namesOf(workspace), US)).toBe(expected);
});
