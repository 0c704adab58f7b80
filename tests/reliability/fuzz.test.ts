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

/** Per function: 1,000 in `npm test`; `npm run test:stress` sends 10,000 (and 5,000 bundles). */
const BODIES = Number(process.env.FUZZ_BODIES ?? 1_000);
const BUNDLES = Number(process.env.FUZZ_BUNDLES ?? 1_000);

const invoke = loadFunctions({
  CONFIG_FILE: writeTempJson('flow.json', FLOW_BUNDLE),
  LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'fuzz-state-')),
  // Signatures have suites of their own; here every body must reach the functions' logic.
  SKIP_SIGNATURE_CHECK: 'true',
  ALLOW_SIMULATED_CLOCK: 'true',
});

// The functions log a line or two per request: tens of thousands here. Keep them out of jest's console
// buffer (which records a stack for every line); the summaries below go straight to stdout.
const quiet = ['log', 'warn', 'error'] as const;
beforeAll(() => {
  for (const method of quiet) jest.spyOn(console, method).mockImplementation(() => undefined);
});
afterAll(() => jest.restoreAllMocks());
const report = (line: string) => process.stdout.write(`${line}\n`);

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
  afterAll(() => report(`fuzz: ${Object.entries(answered).map(([name, n]) => `${name} ${n}`).join(', ')} bodies answered with a 2xx (the rest 4xx), none with a 5xx`));

  test.each(FUNCTION_NAMES)('%s', async (name) => {
    await fc.assert(
      fc.asyncProperty(body, async (event) => {
        const result = await invoke(name, event);
        expect(result.error).toBeNull();
        expect(result.status).toBeLessThan(500);
        if (result.status >= 400) return;
        answered[name] = (answered[name] ?? 0) + 1;
        if (result.contentType.startsWith('application/json')) {
          expect(typeof JSON.parse(result.body)).toBe('object');
          return;
        }
        expect(result.contentType).toMatch(/^text\/xml/);
        expect(result.body.length).toBeGreaterThan(0);
        knownVerbsOnly(parseTwiml(result.body), name === 'incoming-sms');
      }),
      { numRuns: BODIES },
    );
  });
});

describe(`${BUNDLES} generated configuration bundles`, () => {
  /** Mostly valid values, sometimes not: so that many bundles pass and reach decide(), and many do not. */
  const mostly = <T,>(valid: T[], invalid: T[]) => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });
  // Routed numbers and destinations come from separate pools, so that not every bundle is a redirect loop.
  const routed = mostly(['+15550800100', '+15550800101', '+15550800102'], ['555-0100', '+15550800200']);
  const phone = mostly(['+15550800200', '+15550800201', '+15550800300'], ['555-0100', '', 'anonymous', '+15550800100']);
  const id = mostly(['a', 'b', 'c'], ['Bad_Id', '']);
  const user = fc.record({ id, name: mostly(['A'], ['']), phone: fc.option(phone, { nil: null }), extension: fc.option(mostly(['12', 'w9#'], ['x']), { nil: null }), webApp: fc.boolean(), mobileApp: fc.boolean() }, { requiredKeys: ['id', 'name'] });
  const number = fc.record(
    {
      number: routed,
      name: mostly(['Main'], ['']),
      status: mostly(['active', 'inactive'], ['paused']),
      mode: mostly(['standard', 'standard', 'forward', 'voicemail'], ['ivr']),
      assignedUser: fc.option(id, { nil: null, freq: 2 }),
      forwardingNumber: fc.option(phone, { nil: null }),
      inboundTimeout: fc.option(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 600 }) }, { weight: 1, arbitrary: fc.integer({ min: -5, max: 700 }) }), { nil: null }),
      ringUsers: fc.uniqueArray(id, { maxLength: 3 }),
      passCalledNumberAsCallerId: fc.boolean(),
      afterHours: mostly<object>([{ action: 'voicemail' }, { action: 'ring' }, { action: 'forward', forwardTo: '+15550800300' }], [{ action: 'forward' }]),
      callConnect: fc.record({ enabled: fc.boolean(), whisper: fc.option(mostly(['Press a key', 'Hi {{contact.name | there}}'], ['Hi {{oops}', '{{contact.nope}}']), { nil: null }) }),
    },
    { requiredKeys: ['number', 'name'] },
  );
  const hours = fc.option(
    fc.record({
      weekly: fc.record({ monday: fc.array(fc.record({ open: mostly(['09:00', '00:00'], ['9am', '17:00']), close: mostly(['17:00', '24:00'], ['09:00']) }), { maxLength: 2 }) }),
      closedDates: fc.array(mostly(['2026-11-23'], ['2026-13-01']), { maxLength: 2 }),
    }),
    { nil: null },
  );
  const workspace = fc.record(
    {
      id,
      name: mostly(['W'], ['']),
      timeZone: mostly(['UTC', 'America/New_York', 'Asia/Kolkata'], ['Mars/Base']),
      companyPhone: fc.option(phone, { nil: null }),
      businessHours: hours,
      inbound: fc.record({ ringAssignedUser: fc.boolean(), forwardToCompanyPhone: fc.boolean(), timeout: fc.option(mostly([5, 20, 60], [0, 700]), { nil: null }) }),
      users: fc.uniqueArray(user, { maxLength: 3, selector: (u) => u.id }),
      numbers: fc.uniqueArray(number, { maxLength: 3, selector: (n) => n.number }),
      contacts: fc.uniqueArray(fc.record({ phone, firstName: mostly(['Al'], ['']), assignedUser: fc.option(id, { nil: null, freq: 2 }) }), { maxLength: 3, selector: (c) => c.phone }),
    },
    { requiredKeys: ['id', 'name'] },
  );
  const bundle = fc.record({ workspaces: fc.oneof({ weight: 4, arbitrary: fc.tuple(workspace).map((one) => one) }, { weight: 1, arbitrary: fc.uniqueArray(workspace, { maxLength: 2, selector: (w) => w.id }) }) });
  const instants = ['2026-11-23T15:00:00Z', '2026-11-23T03:00:00Z', '2026-03-08T07:30:00Z'];
  let accepted = 0;
  let refused = 0;
  afterAll(() => report(`fuzz: ${accepted} generated bundles accepted and routed, ${refused} refused with a path`));

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
