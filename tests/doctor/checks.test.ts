// The doctor's checks, one table (tests/doctor/doctor-cases.ts): each case's bundle is validated, then diagnosed by
// the check it names alone (exactly its warnings, or none) and by every check (its warnings and the ones listed
// alongside, nothing else); each warning is at a path its check declares; and every check in DOCTOR_CHECKS has a
// case that draws its warning and one that does not, so a check added without its cases fails here.
import fc from 'fast-check';
import { bundleSchema } from '../../src/config/schema';
import { parseBundle } from '../../src/config/parse';
import { diagnose } from '../../src/doctor/doctor';
import { DOCTOR_CHECKS, type DoctorCheck } from '../../src/doctor/checks';
import { DOCTOR_CASES, type DoctorCase, type Warning } from './doctor-cases';
import { matchesPathPattern } from '../support/paths';

const checkNamed = (id: string): DoctorCheck => {
  const check = DOCTOR_CHECKS.find((entry) => entry.id === id);
  if (!check) throw new Error(`no check "${id}" in DOCTOR_CHECKS`);
  return check;
};
const bundleOf = (entry: DoctorCase) => parseBundle({ workspaces: [entry.workspace] }, entry.title);
const sorted = (warnings: readonly Warning[]) =>
  [...warnings].sort((a, b) => `${a.path} ${a.message}`.localeCompare(`${b.path} ${b.message}`));

const warned = DOCTOR_CASES.filter((entry) => entry.expect);
const quiet = DOCTOR_CASES.filter((entry) => !entry.expect);

test.each(warned.map((entry) => [entry.check, entry.title, entry] as const))('%s warns: %s', (id, _title, entry) => {
  const bundle = bundleOf(entry);
  const check = checkNamed(id);
  expect(diagnose(bundle, [check])).toEqual(entry.expect);
  expect(sorted(diagnose(bundle))).toEqual(sorted([...entry.expect!, ...(entry.alongside ?? [])]));
  for (const warning of entry.expect!) expect(check.paths.some((pattern) => matchesPathPattern(warning.path, pattern))).toBe(true);
});

test.each(quiet.map((entry) => [entry.check, entry.title, entry] as const))('%s is quiet: %s', (id, _title, entry) => {
  const bundle = bundleOf(entry);
  expect(diagnose(bundle, [checkNamed(id)])).toEqual([]);
  expect(sorted(diagnose(bundle))).toEqual(sorted(entry.alongside ?? []));
});

test('every check has an id of its own, a case that draws its warning and one that does not; every case names a check', () => {
  const ids: string[] = DOCTOR_CHECKS.map((check) => check.id);
  expect(ids.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => !warned.some((entry) => entry.check === id))).toEqual([]);
  expect(ids.filter((id) => !quiet.some((entry) => entry.check === id))).toEqual([]);
  expect(DOCTOR_CASES.map((entry) => entry.check).filter((id) => !ids.includes(id))).toEqual([]);
});

test("a workspace's warnings come before its numbers', each number's in table order", () => {
  const bundle = parseBundle({
    workspaces: [
      {
        id: 'doc',
        name: 'Doctor Co',
        textBack: { enabled: true },
        users: [{ id: 'cell', name: 'Has a cell', phone: '+15550260002' }],
        numbers: [
          { number: '+15550260100', name: 'One', assignedUser: 'cell', inboundTimeout: 5, recording: { enabled: true } },
          { number: '+15550260101', name: 'Two', assignedUser: 'cell', inboundTimeout: 15, capabilities: { voice: false, sms: true } },
        ],
      },
    ],
  });
  expect(diagnose(bundle).map((warning) => warning.path)).toEqual([
    'workspaces.0.messagingServiceSid',
    'workspaces.0.numbers.0.inboundTimeout',
    'workspaces.0.numbers.0.recording.announcement',
    'workspaces.0.numbers.1.capabilities.voice',
  ]);
});

test('"a ring group rings nothing" is one rule: validation refuses it without a greeting exactly when the doctor warns of it with one', () => {
  // Mostly nothing to ring, so both verdicts come up often.
  const rarely = (value: string) => fc.constantFrom<string | null>(null, null, null, value);
  const phone = rarely('+15550260009');
  const app = fc.constantFrom(false, false, false, false, true);
  fc.assert(
    fc.property(
      fc.array(fc.record({ phone, webApp: app, mobileApp: app }), { minLength: 1, maxLength: 3 }),
      fc.record({
        companyPhone: rarely('+15550260001'),
        forwardToCompanyPhone: fc.boolean(),
        ringAssignedUser: fc.boolean(),
      }),
      fc.record({
        forwardingNumber: rarely('+15550260008'),
        assignedIndex: fc.option(fc.nat(2), { nil: null }),
        groupSize: fc.integer({ min: 1, max: 3 }),
        mode: fc.constantFrom('standard', 'standard', 'standard', 'voicemail'),
        status: fc.constantFrom('active', 'active', 'active', 'inactive'),
      }),
      (people, fallbacks, setup) => {
        const users = people.map((person, i) => ({ id: `u${i}`, name: `U${i}`, ...person }));
        const workspaceWith = (greetingText: string | null) => ({
          id: 'doc',
          name: 'Doctor Co',
          users,
          companyPhone: fallbacks.companyPhone,
          inbound: { forwardToCompanyPhone: fallbacks.forwardToCompanyPhone, ringAssignedUser: fallbacks.ringAssignedUser },
          voicemail: { greetingText },
          numbers: [
            {
              number: '+15550260100',
              name: 'Group',
              mode: setup.mode as 'standard' | 'voicemail',
              status: setup.status as 'active' | 'inactive',
              forwardingNumber: setup.forwardingNumber,
              assignedUser: setup.assignedIndex !== null && setup.assignedIndex < users.length ? `u${setup.assignedIndex}` : null,
              ringUsers: users.slice(0, setup.groupSize).map((user) => user.id),
            },
          ],
        });
        const refused = !bundleSchema.safeParse({ workspaces: [workspaceWith(null)] }).success;
        const warned = diagnose(parseBundle({ workspaces: [workspaceWith('Leave a message.')] }), [checkNamed('ring-group-to-voicemail')]);
        expect(warned.length === 1).toBe(refused);
      },
    ),
    { numRuns: 300 },
  );
});
