// Fuzz: generated webhook bodies (missing, repeated, oversized and non-ASCII parameters) for every
// function never get a 5xx or an uncaught error, only a 4xx or well-formed TwiML made of known verbs;
// and generated configuration bundles are either refused with a path or routed without decide() throwing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ConfigValidationError, parseBundle } from '../../src/config';
import { decide } from '../../src/routing';
import { FLOW, FLOW_BUNDLE } from '../flow/fixture';
import { FUNCTION_NAMES, loadFunctions } from '../support/in-process';
import { writeTempJson } from '../support/legs';
import { DIAL_NOUNS, VOICE_VERBS, parseTwiml, type TwimlNode } from '../support/twiml';

/** Per function; `npm run test:stress` raises it. */
const BODIES = Number(process.env.FUZZ_BODIES ?? 10_000);
const BUNDLES = Number(process.env.FUZZ_BUNDLES ?? 1_000);

const invoke = loadFunctions({
  CONFIG_FILE: writeTempJson('flow.json', FLOW_BUNDLE),
  LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'fuzz-state-')),
  // Signatures have suites of their own; here every body must reach the functions' logic.
  SKIP_SIGNATURE_CHECK: 'true',
  ALLOW_SIMULATED_CLOCK: 'true',
});

const MESSAGING_VERBS = new Set(['Message', 'Redirect']);
const knownNumbers = [FLOW.connectLine, FLOW.plainLine, FLOW.groupLine, FLOW.voicemailLine, FLOW.bareLine, FLOW.dana, '+15550699999', 'anonymous', 'client:flow_ann_web', 'client:bare_zed_web'];
const value = fc.oneof(
  fc.constantFrom(...knownNumbers, '', 'completed', 'no-answer', 'busy', 'true', 'false', 'answer', 'test', 'STOP', 'START', 'in-progress', '1', 'https://example.com/r.mp3'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ minLength: 3000, maxLength: 6000 }),
  fc.constant(`CA${'a'.repeat(32)}`),
  fc.stringMatching(/^CA[0-9a-f]{32}$/),
);
const paramNames = ['To', 'From', 'CallSid', 'ParentCallSid', 'CallStatus', 'DialCallStatus', 'DialBridged', 'Digits', 'RecordingUrl', 'RecordingDuration', 'RecordingStatus', 'Body', 'crCalled', 'crCaller', 'crStep', 'Mode', 'Workspace', 'SimulatedAt', 'AccountSid'];
const body = fc.dictionary(
  fc.oneof(fc.constantFrom(...paramNames), fc.string({ maxLength: 12 })),
  fc.oneof(value, fc.array(value, { minLength: 2, maxLength: 3 })),
  { maxKeys: 12 },
);

function knownVerbsOnly(node: TwimlNode, messaging: boolean): void {
  for (const verb of node.children) {
    expect(messaging ? MESSAGING_VERBS.has(verb.name) : VOICE_VERBS.has(verb.name)).toBe(true);
    if (verb.name === 'Dial') for (const noun of verb.children) expect(DIAL_NOUNS.has(noun.name)).toBe(true);
  }
}

describe(`${BODIES} generated webhook bodies per function`, () => {
  const answered: Record<string, number> = {};
  afterAll(() => console.log(`fuzz: ${Object.entries(answered).map(([name, n]) => `${name} ${n}`).join(', ')} bodies answered, none with a 5xx`));

  test.each(FUNCTION_NAMES)('%s', async (name) => {
    await fc.assert(
      fc.asyncProperty(body, async (event) => {
        const result = await invoke(name, event);
        expect(result.error).toBeNull();
        expect(result.status).toBeLessThan(500);
        if (result.status >= 400) return;
        if (result.contentType.startsWith('application/json')) {
          expect(typeof JSON.parse(result.body)).toBe('object');
          return;
        }
        expect(result.contentType).toMatch(/^text\/xml/);
        expect(result.body.length).toBeGreaterThan(0);
        knownVerbsOnly(parseTwiml(result.body), name === 'incoming-sms');
        answered[name] = (answered[name] ?? 0) + 1;
      }),
      { numRuns: BODIES },
    );
  });
});

describe(`${BUNDLES} generated configuration bundles`, () => {
  const phone = fc.constantFrom('+15550800100', '+15550800101', '+15550800102', '+15550800200', '+15550800201', '555-0100', '', 'anonymous');
  const id = fc.constantFrom('a', 'b', 'c', 'Bad_Id', '');
  const user = fc.record({ id, name: fc.constantFrom('A', ''), phone: fc.option(phone, { nil: null }), extension: fc.option(fc.constantFrom('12', 'w9#', 'x'), { nil: null }), webApp: fc.boolean(), mobileApp: fc.boolean() }, { requiredKeys: ['id', 'name'] });
  const number = fc.record(
    {
      number: phone,
      name: fc.constantFrom('Main', ''),
      status: fc.constantFrom('active', 'inactive', 'paused'),
      mode: fc.constantFrom('standard', 'forward', 'voicemail', 'ivr'),
      assignedUser: fc.option(id, { nil: null }),
      forwardingNumber: fc.option(phone, { nil: null }),
      inboundTimeout: fc.option(fc.integer({ min: -5, max: 700 }), { nil: null }),
      ringUsers: fc.array(id, { maxLength: 9 }),
      passCalledNumberAsCallerId: fc.boolean(),
      afterHours: fc.constantFrom({ action: 'voicemail' }, { action: 'ring' }, { action: 'forward', forwardTo: '+15550800300' }, { action: 'forward' }),
      callConnect: fc.record({ enabled: fc.boolean(), whisper: fc.option(fc.constantFrom('Press a key', 'Hi {{contact.name}}', 'Hi {{oops}', '{{contact.nope}}'), { nil: null }) }),
    },
    { requiredKeys: ['number', 'name'] },
  );
  const hours = fc.option(fc.record({ weekly: fc.record({ monday: fc.array(fc.record({ open: fc.constantFrom('09:00', '17:00', '24:00', '9am'), close: fc.constantFrom('17:00', '09:00', '24:00') }), { maxLength: 2 }) }), closedDates: fc.array(fc.constantFrom('2026-11-23', '2026-13-01'), { maxLength: 2 }) }), { nil: null });
  const workspace = fc.record(
    {
      id,
      name: fc.constantFrom('W', ''),
      timeZone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata', 'Mars/Base'),
      companyPhone: fc.option(phone, { nil: null }),
      businessHours: hours,
      inbound: fc.record({ ringAssignedUser: fc.boolean(), forwardToCompanyPhone: fc.boolean(), timeout: fc.option(fc.integer({ min: 0, max: 700 }), { nil: null }) }),
      users: fc.array(user, { maxLength: 4 }),
      numbers: fc.array(number, { maxLength: 4 }),
      contacts: fc.array(fc.record({ phone, firstName: fc.constantFrom('Al', ''), assignedUser: fc.option(id, { nil: null }) }), { maxLength: 3 }),
    },
    { requiredKeys: ['id', 'name'] },
  );
  const bundle = fc.record({ workspaces: fc.array(workspace, { maxLength: 3 }) });
  const instants = ['2026-11-23T15:00:00Z', '2026-11-23T03:00:00Z', '2026-03-08T07:30:00Z'];
  let accepted = 0;
  let refused = 0;
  afterAll(() => console.log(`fuzz: ${accepted} generated bundles accepted and routed, ${refused} refused with a path`));

  test('each is refused with a path, or accepted and routes every call without throwing', () => {
    fc.assert(
      fc.property(bundle, (candidate) => {
        let parsed;
        try {
          parsed = parseBundle(candidate);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigValidationError);
          const issues = (error as ConfigValidationError).issues;
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
          refused += 1;
          return;
        }
        accepted += 1;
        for (const to of ['+15550800100', '+15550800101', '+15550800102', '', 'x']) {
          for (const from of ['+15550800200', 'anonymous', '']) {
            for (const at of instants) {
              const decision = decide({ to, from }, parsed, new Date(at));
              expect(decision.trace.filter((entry) => entry.applied)).toHaveLength(1);
              expect(decision.targets.length).toBeLessThanOrEqual(10);
            }
          }
        }
      }),
      { numRuns: BUNDLES },
    );
  });
});
