// The decision's details beyond which rule fires: legs, loops, caller ID, timeout, recording, call
// connect, voicemail greetings, and a trace that names every rule considered and why.
import { parseBundle } from '../../src/config/parse';
import type { Bundle, BundleInput } from '../../src/config/types';
import { RULES } from '../../src/routing/rules';
import { classifyCaller } from '../../src/routing/caller';
import { decide } from '../../src/routing/decide';
import { extensionDigits } from '../../src/routing/legs';
import { formatDecision } from '../../src/routing/explain';
import type { CallInput } from '../../src/routing/types';
import { legLabels } from '../support/legs';
import { callerOf } from '../../src/phone/caller-id';

const NOW = new Date('2026-11-23T15:00:00Z');
const CALLER = '+15550700999';

function workspace(overrides: Partial<BundleInput['workspaces'][number]> = {}): BundleInput {
  return {
    workspaces: [
      {
        id: 'w',
        name: 'Widget Works',
        companyPhone: '+15550700001',
        users: [
          { id: 'ann', name: 'Ann', phone: '+15550700002', extension: '12', webApp: true },
          { id: 'ben', name: 'Ben', phone: null, mobileApp: true },
        ],
        numbers: [{ number: '+15550700100', name: 'Main', assignedUser: 'ann' }],
        ...overrides,
      },
    ],
  };
}
const call = (bundle: Bundle, to = '+15550700100', from = CALLER) => decide({ to, from, caller: callerOf(from) }, bundle, NOW);

test('decide() takes the caller, required: a call without one does not type-check (npm test type-checks)', () => {
  // @ts-expect-error the caller is required: every step classifies it (src/phone/caller-id's callerOf)
  const forgotten: CallInput = { to: '+15550700100', from: '+12345' };
  // As the steps classify it: +12345 cannot be a number, so the caller is withheld and the called number shows.
  const decision = decide({ ...forgotten, caller: callerOf('+12345') }, parseBundle(workspace(), 'test'), NOW);
  expect(decision).toMatchObject({ callerWithheld: true, callerId: '+15550700100' });
});

describe('the rule table', () => {
  test('has unique ids, a summary each, and ends with a default that always applies', () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    for (const rule of RULES) expect(rule.summary.length).toBeGreaterThan(10);
    expect(RULES[RULES.length - 1]?.id).toBe('nothing-to-ring');
  });

  test('the trace lists every rule up to the one that decided, each with a reason', () => {
    const decision = call(parseBundle(workspace({ numbers: [{ number: '+15550700100', name: 'Main' }] })));
    expect(decision.rule).toBe('company-phone');
    expect(decision.trace.map((entry) => entry.rule)).toEqual(
      RULES.slice(0, RULES.findIndex((rule) => rule.id === 'company-phone') + 1).map((rule) => rule.id),
    );
    expect(decision.trace.every((entry) => entry.reason.length > 0)).toBe(true);
    expect(decision.trace.find((entry) => entry.rule === 'caller-assigned-user')?.reason).toBe(
      `${CALLER} is not a contact of the workspace`,
    );
    expect(formatDecision(decision)).toMatch(/not reached: nothing-to-ring/);
  });
});

describe('ringing a user', () => {
  test("the user's apps when enabled, plus the phone with the extension as digits after answer", () => {
    const decision = call(parseBundle(workspace()));
    expect(legLabels(decision)).toEqual(['client:w_ann_web', 'number:+15550700002:ww12']);
    expect(decision.targets[1]).toMatchObject({ kind: 'number', user: 'ann', source: 'user-phone' });
  });

  test('an extension with its own pauses is sent as written', () => {
    expect(extensionDigits('w1234#')).toBe('w1234#');
    expect(extensionDigits('204')).toBe('ww204');
  });

  test('a user with nothing to ring falls through to the next rule instead of dropping the call', () => {
    const bundle = parseBundle(
      workspace({ companyPhone: null, users: [{ id: 'ann', name: 'Ann' }], voicemail: { greetingText: 'Leave a message.' } }),
    );
    const decision = call(bundle);
    expect(decision.rule).toBe('nothing-to-ring');
    expect(decision.action).toBe('voicemail');
    expect(decision.trace.find((entry) => entry.rule === 'number-assigned-user')).toMatchObject({ applied: false });
  });
});

describe('loops and duplicates', () => {
  test('a destination that is the called number or another routed number is dropped, with the reason', () => {
    const bundle = parseBundle(
      workspace({
        numbers: [
          { number: '+15550700100', name: 'Main', assignedUser: 'ann' },
          { number: '+15550700200', name: 'Other' },
        ],
      }),
    );
    // A configuration changed behind the validator's back (e.g. a stale cache) must still never loop.
    const ann = bundle.workspaces[0]!.users[0]!;
    ann.phone = '+15550700200';
    ann.webApp = false;
    const decision = call(bundle);
    expect(decision.rule).not.toBe('number-assigned-user');
    expect(decision.trace.find((entry) => entry.rule === 'number-assigned-user')?.reason).toMatch(/loop back here/);
    expect(decision.rule).toBe('company-phone');
  });

  test('the same phone reached twice rings once', () => {
    const bundle = parseBundle(
      workspace({
        users: [
          { id: 'ann', name: 'Ann', phone: null },
          { id: 'ben', name: 'Ben', phone: null },
        ],
        numbers: [{ number: '+15550700100', name: 'Main', ringUsers: ['ann', 'ben'] }],
      }),
    );
    const decision = call(bundle);
    expect(legLabels(decision)).toEqual(['number:+15550700001']);
    expect(decision.dropped).toEqual([expect.objectContaining({ reason: 'duplicate' })]);
  });
});

describe('caller ID', () => {
  test("is the caller's number, or the called number when asked, or when the caller is withheld", () => {
    const bundle = parseBundle(
      workspace({
        numbers: [
          { number: '+15550700100', name: 'Main', assignedUser: 'ann' },
          { number: '+15550700101', name: 'Pass', assignedUser: 'ann', passCalledNumberAsCallerId: true },
        ],
      }),
    );
    expect(call(bundle).callerId).toBe(CALLER);
    expect(call(bundle, '+15550700101').callerId).toBe('+15550700101');
    // Twilio's keypad placeholders (+266696687 is ANONYMOUS) are withheld callers too, never shown as a caller ID.
    for (const withheld of ['anonymous', 'Restricted', '', '+266696687', '+7378742833', 'client:someone']) {
      const decision = call(bundle, '+15550700100', withheld);
      expect({ withheld, callerId: decision.callerId, flagged: decision.callerWithheld, action: decision.action }).toEqual({
        withheld,
        callerId: '+15550700100',
        flagged: true,
        action: 'dial',
      });
    }
  });

  test('classifies withheld values and non-phone values apart', () => {
    expect(classifyCaller('anonymous')).toMatchObject({ withheld: true, reason: expect.stringContaining('withheld') });
    expect(classifyCaller('sip:bob@example.com')).toMatchObject({ withheld: true, reason: expect.stringContaining('not an E.164') });
    expect(classifyCaller(' +15550700999 ')).toEqual({ withheld: false, number: '+15550700999' });
  });
});

describe('timeout', () => {
  test("the number's, else the workspace's, else 60 s; short values are kept", () => {
    const numbers = [
      { number: '+15550700100', name: 'a', assignedUser: 'ann', inboundTimeout: 3 },
      { number: '+15550700101', name: 'b', assignedUser: 'ann' },
    ];
    expect(call(parseBundle(workspace({ numbers, inbound: { timeout: 20 } }))).timeout).toBe(3);
    expect(call(parseBundle(workspace({ numbers, inbound: { timeout: 20 } })), '+15550700101').timeout).toBe(20);
    expect(call(parseBundle(workspace({ numbers })), '+15550700101').timeout).toBe(60);
  });
});

describe('recording, call connect and voicemail greetings', () => {
  test('recording and call connect settings are part of a dial plan', () => {
    const bundle = parseBundle(
      workspace({
        numbers: [
          {
            number: '+15550700100',
            name: 'Main',
            assignedUser: 'ann',
            recording: { enabled: true, announcement: 'Recorded.' },
            callConnect: { enabled: true, whisper: 'Press a key.' },
          },
        ],
      }),
    );
    const decision = call(bundle);
    expect(decision.record).toEqual({ enabled: true, announcement: 'Recorded.' });
    expect(decision.callConnect).toEqual({ enabled: true, whisper: 'Press a key.' });
    expect(decision.notes.join('\n')).toMatch(/1 phone leg hear the whisper/);
  });

  test("the rung user's greeting, else the company's, else a spoken default", () => {
    const userAudio = { greetingUrl: 'https://example.com/ann.mp3', greetingText: 'Ann here.' };
    const companyText = { greetingText: 'Widget Works voicemail.' };
    const users = (voicemail?: object) => [{ id: 'ann', name: 'Ann', phone: '+15550700002', ...(voicemail ? { voicemail } : {}) }];
    expect(call(parseBundle(workspace({ users: users(userAudio), voicemail: companyText }))).voicemail).toMatchObject({
      kind: 'audio',
      url: userAudio.greetingUrl,
      owner: 'ann',
    });
    expect(call(parseBundle(workspace({ users: users({ greetingText: 'Ann here.' }), voicemail: companyText }))).voicemail).toMatchObject({
      kind: 'text',
      text: 'Ann here.',
      owner: 'ann',
    });
    expect(call(parseBundle(workspace({ users: users(), voicemail: companyText }))).voicemail).toMatchObject({
      kind: 'text',
      text: 'Widget Works voicemail.',
      owner: 'company',
    });
    expect(call(parseBundle(workspace({ users: users() }))).voicemail).toMatchObject({
      kind: 'default',
      text: expect.stringContaining('Widget Works'),
      maxLengthSeconds: 120,
    });
  });

  test('nothing to ring hangs up without a greeting, and takes voicemail with one', () => {
    const none = { companyPhone: null, numbers: [{ number: '+15550700100', name: 'Main' }] };
    expect(call(parseBundle(workspace(none)))).toMatchObject({ action: 'hangup', rule: 'nothing-to-ring', voicemail: null });
    expect(call(parseBundle(workspace({ ...none, voicemail: { greetingUrl: 'https://example.com/vm.mp3' } })))).toMatchObject({
      action: 'voicemail',
      voicemail: { kind: 'audio', url: 'https://example.com/vm.mp3' },
    });
  });
});

describe('a rejected call', () => {
  test('carries no dial settings and names the number it did not know', () => {
    const decision = call(parseBundle(workspace()), '+15550709999');
    expect(decision).toMatchObject({
      action: 'reject',
      rule: 'unknown-number',
      workspace: null,
      targets: [],
      callerId: null,
      timeout: null,
      voicemail: null,
    });
    expect(decision.trace).toEqual([
      { rule: 'unknown-number', applied: true, reason: '+15550709999 is not a number this configuration routes' },
    ]);
  });

  test('an empty or padded To is handled, never thrown', () => {
    expect(call(parseBundle(workspace()), '').action).toBe('reject');
    expect(call(parseBundle(workspace()), ' +15550700100 ').action).toBe('dial');
  });
});
