// The doctor's edges: seed 000's trap (text-back on, call connect off, a phone ringing past the ~20 s after which
// a cell's own voicemail answers: the call counts as answered and no text goes out), no warning inside seed 004's
// recommended 10-20 s, a number that cannot take calls; and validation that reports field and cross-field
// problems in one pass.
import { ConfigValidationError } from '../../src/config/errors';
import { parseBundle } from '../../src/config/parse';
import type { BundleInput } from '../../src/config/types';
import { diagnose } from '../../src/doctor/doctor';

type NumberInput = NonNullable<BundleInput['workspaces'][number]['numbers']>[number];

function bundleWith(number: Partial<NumberInput>, workspace: Partial<BundleInput['workspaces'][number]> = {}): BundleInput {
  return {
    workspaces: [
      {
        id: 'doc',
        name: 'Doctor Co',
        textBack: { enabled: true },
        // Registered for A2P 10DLC, so the only warnings are the ones these tests are about.
        messagingServiceSid: `MG${'0'.repeat(32)}`,
        users: [
          { id: 'cell', name: 'Has a cell', phone: '+15550250002' },
          { id: 'app', name: 'Apps only', webApp: true, mobileApp: true },
        ],
        numbers: [{ number: '+15550250100', name: 'Direct line', assignedUser: 'cell', ...number }],
        ...workspace,
      },
    ],
  };
}
const warnings = (input: BundleInput) => diagnose(parseBundle(input)).map((warning) => `${warning.path}: ${warning.message}`);

describe("seed 000's trap", () => {
  test('text-back on, call connect off, a phone ringing 25 s: warned, saying no text goes out', () => {
    expect(warnings(bundleWith({ inboundTimeout: 25 }))).toEqual([
      expect.stringMatching(
        /^workspaces\.0\.numbers\.0\.inboundTimeout: \+15550250100 rings a phone for 25 s with text-back on and call connect off: .* the call then counts as answered and the caller gets no text; ring for 10-20 s, or turn call connect on$/,
      ),
    ]);
  });

  test('the same through the workspace timeout, a forwarding number, or a ring group', () => {
    expect(warnings(bundleWith({ inboundTimeout: null }, { inbound: { timeout: 30 } }))[0]).toMatch(
      /^workspaces\.0\.inbound\.timeout: .* rings a phone for 30 s/,
    );
    expect(warnings(bundleWith({ assignedUser: null, forwardingNumber: '+15550250009', inboundTimeout: 40 }))[0]).toMatch(
      /rings a phone for 40 s with text-back on/,
    );
    expect(warnings(bundleWith({ assignedUser: null, ringUsers: ['app', 'cell'], inboundTimeout: 40 }))[0]).toMatch(
      /rings a phone for 40 s with text-back on/,
    );
  });

  test.each([
    ["10 s, inside seed 004's 10-20 s", { inboundTimeout: 10 }],
    ['20 s', { inboundTimeout: 20 }],
    ['call connect on (a voicemail never presses the key)', { inboundTimeout: 25, callConnect: { enabled: true } }],
    ['text-back off for the number', { inboundTimeout: 25, textBack: { enabled: false } }],
    ['only apps ring (no cell voicemail)', { inboundTimeout: 25, assignedUser: 'app' }],
  ])('no warning: %s', (_title, number) => {
    expect(warnings(bundleWith(number))).toEqual([]);
  });

  test('under 10 s is still worth a word (fine for going straight to voicemail)', () => {
    expect(warnings(bundleWith({ inboundTimeout: 5 }))).toEqual([expect.stringContaining('rings for only 5 s')]);
  });
});

test('a number that cannot take calls (capabilities.voice false) is flagged', () => {
  expect(warnings(bundleWith({ inboundTimeout: 15, capabilities: { voice: false, sms: true } }))).toEqual([
    'workspaces.0.numbers.0.capabilities.voice: +15550250100 cannot take calls (capabilities.voice is false): no call to it reaches these functions, so its routing never applies',
  ]);
});

test('validation reports field and cross-field problems in one pass', () => {
  // A wrong type and an unknown key stop zod before its refinements unless they are told to run anyway.
  const number = {
    inboundTimeout: '25',
    forwardNumber: '+15550250009',
    assignedUser: 'nobody',
    forwardingNumber: '+15550250100',
  } as unknown as Partial<NumberInput>;
  const input = bundleWith(number, { companyPhone: '555-0100' });
  let issues: string[] = [];
  try {
    parseBundle(input);
  } catch (error) {
    issues = (error as ConfigValidationError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  expect(issues).toEqual(
    expect.arrayContaining([
      'workspaces.0.numbers.0.inboundTimeout: must be a whole number of seconds',
      'workspaces.0.numbers.0: Unrecognized key: "forwardNumber"',
      expect.stringMatching(/^workspaces\.0\.companyPhone: must be an E\.164 phone number/),
      'workspaces.0.numbers.0.assignedUser: refers to user "nobody", which workspace "doc" does not have',
      expect.stringMatching(
        /^workspaces\.0\.numbers\.0\.forwardingNumber: \+15550250100 is one of this configuration's own routed numbers/,
      ),
    ]),
  );
  expect(issues).toHaveLength(5);
});

test('a bundle of any shape still gets its field errors, never a crash in the cross-field checks', () => {
  for (const value of [null, 'text', { workspaces: 'x' }, { workspaces: [null, 3, { users: 'x', numbers: [null, { ringUsers: 'x' }] }] }]) {
    expect(() => parseBundle(value)).toThrow(ConfigValidationError);
  }
});

describe('a text-back template that costs more than one segment per missed call', () => {
  // Rendered as sent to a caller who is not a contact: "{{contact.first_name | there}}" reads "there".
  const withTemplate = (workspaceMessage: string | null, numberMessage: string | null = null) =>
    bundleWith(
      { inboundTimeout: 15, textBack: { enabled: null, message: numberMessage } },
      { textBack: { enabled: true, message: workspaceMessage } },
    );
  const gsm = (n: number) => 'x'.repeat(n);

  test.each([
    ['160 GSM-7 characters', gsm(160)],
    ['a custom value that renders within 160 ("Hi there, " + 150)', `Hi {{contact.first_name | there}}, ${gsm(150)}`],
    ['a short text with an emoji (UCS-2, still one segment)', 'Sorry we missed you 🙂 {{business.name}} will call back'],
  ])('no warning: %s', (_title, message) => {
    expect(warnings(withTemplate(message))).toEqual([]);
  });

  test.each([
    ['161 GSM-7 characters', gsm(161), '2 segments (GSM-7: 161 characters; one segment holds 160, 153 each once split)'],
    [
      'a custom value that renders past 160 ("Hi there, " + 151)',
      `Hi {{contact.first_name | there}}, ${gsm(151)}`,
      '2 segments (GSM-7: 161 characters',
    ],
    ['{{business.name}} rendered ("Doctor Co", 9) past 160', `${gsm(152)}{{business.name}}`, '2 segments (GSM-7: 161 characters'],
    [
      'GSM extension characters count two (80 euro signs and one more character)',
      `${'€'.repeat(80)}x`,
      '2 segments (GSM-7: 161 characters',
    ],
    ['307 GSM-7 characters', gsm(307), '3 segments (GSM-7: 307 characters'],
    [
      '71 UTF-16 units because of an emoji',
      `${gsm(69)}🙂`,
      '2 segments (UCS-2, because "🙂" is not a GSM-7 character: 71 UTF-16 units; one segment holds 70, 67 each once split)',
    ],
  ])('warned at the workspace template: %s', (_title, message, cost) => {
    expect(warnings(withTemplate(message))).toEqual([
      expect.stringContaining(
        `workspaces.0.textBack.message: the text-back from +15550250100 to a caller who is not a contact costs ${cost}`,
      ),
    ]);
  });

  test("a number's own template is warned at its own path, and a UCS-2 one says which character to drop", () => {
    expect(warnings(withTemplate('Sorry we missed you.', `We’re sorry we missed your call. ${gsm(50)}`))).toEqual([
      'workspaces.0.numbers.0.textBack.message: the text-back from +15550250100 to a caller who is not a contact costs 2 segments (UCS-2, because "’" is not a GSM-7 character: 83 UTF-16 units; one segment holds 70, 67 each once split), on every missed call (a contact\'s name adds its length); without "’" and other non-GSM characters it is sent as GSM-7',
    ]);
  });

  test('no warning when text-back is off, or for a number that cannot send SMS (warned for that instead)', () => {
    expect(warnings(bundleWith({ inboundTimeout: 15 }, { textBack: { enabled: false, message: gsm(400) } }))).toEqual([]);
    expect(
      warnings(
        bundleWith({ inboundTimeout: 15, capabilities: { voice: true, sms: false } }, { textBack: { enabled: true, message: gsm(400) } }),
      ),
    ).toEqual([expect.stringMatching(/^workspaces\.0\.numbers\.0\.capabilities\.sms: text-back is on, but/)]);
  });
});

describe('a ring group that can ring nothing, with a greeting (validation refuses it without one)', () => {
  const group = (number: Partial<NumberInput>, workspace: Partial<BundleInput['workspaces'][number]> = {}) =>
    bundleWith(
      { assignedUser: null, inboundTimeout: 15, ringUsers: ['ghost', 'shade'], ...number },
      {
        users: [
          { id: 'ghost', name: 'No phone, no app' },
          { id: 'shade', name: 'Nor this one' },
          { id: 'cell', name: 'Has a cell', phone: '+15550250002' },
        ],
        voicemail: { greetingText: 'Leave a message.' },
        ...workspace,
      },
    );

  test('warned: every call that reaches it goes straight to voicemail', () => {
    expect(warnings(group({}))).toContainEqual(
      'workspaces.0.numbers.0.ringUsers: no user of the ring group (ghost, shade) can ring anything (no app, no phone, no forwarding number or company phone to fall back on): every call to +15550250100 that reaches the ring group goes straight to voicemail',
    );
  });

  test.each([
    ['one of them has a phone', { ringUsers: ['ghost', 'cell'] }, {}],
    ['the assigned user takes the calls', { assignedUser: 'cell' }, {}],
    ['the company phone to fall back on', {}, { companyPhone: '+15550250001' }],
    ['voicemail mode', { mode: 'voicemail' as const }, {}],
  ])('no such warning: %s', (_title, number, workspace) => {
    expect(warnings(group(number, workspace)).filter((line) => line.includes('goes straight to voicemail'))).toEqual([]);
  });
});
