// The cross-field checks, one table (tests/config/check-cases.ts): each case's bundle goes through the real bundle
// schema and must be refused with exactly the problems written in the case (or accepted), each reported by the
// check the case names (its id rides on the issue) at the path that check declares; and every check in
// BUNDLE_CHECKS has a case that trips it and one that passes, so a check added without its cases fails here.
import { bundleSchema } from '../../src/config/schema';
import { BUNDLE_CHECKS, runChecks } from '../../src/config/checks';
import { CHECK_CASES, type CheckCase } from './check-cases';
import { matchesPathPattern } from '../support/paths';

/** Everything validation reports about the case's bundle, with the id of the check behind each; [] when valid. */
function validationProblems(bundleCase: CheckCase): { path: string; message: string; check?: string }[] {
  const result = bundleSchema.safeParse({ workspaces: bundleCase.workspaces });
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const check = issue.code === 'custom' ? (issue.params as { check?: string } | undefined)?.check : undefined;
    return { path: issue.path.join('.'), message: issue.message, ...(check ? { check } : {}) };
  });
}

const tripping = CHECK_CASES.filter((entry) => entry.expect);
const passing = CHECK_CASES.filter((entry) => !entry.expect);

test.each(tripping.map((entry) => [entry.check, entry.title, entry] as const))('%s trips: %s', (id, _title, entry) => {
  const found = validationProblems(entry);
  expect(found).toEqual(
    entry.expect!.map(({ path, message }) => ({
      path,
      message: typeof message === 'string' ? message : expect.stringMatching(message),
      check: id,
    })),
  );
  // A check's path is declared within its workspace ("" for the workspace itself).
  const declared = BUNDLE_CHECKS.find((check) => check.id === id)!.path;
  for (const issue of found) expect(matchesPathPattern(issue.path, declared ? `workspaces.*.${declared}` : 'workspaces.*')).toBe(true);
});

test.each(passing.map((entry) => [entry.check, entry.title, entry] as const))('%s passes: %s', (_id, _title, entry) => {
  expect(validationProblems(entry)).toEqual([]);
});

test('every check has an id of its own, a case that trips it and one that passes; every case names a check', () => {
  const ids: string[] = BUNDLE_CHECKS.map((check) => check.id);
  expect(ids.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((id) => !tripping.some((entry) => entry.check === id))).toEqual([]);
  expect(ids.filter((id) => !passing.some((entry) => entry.check === id))).toEqual([]);
  expect(CHECK_CASES.map((entry) => entry.check).filter((id) => !ids.includes(id))).toEqual([]);
});

test('a bundle of any shape goes through every check without a throw, and trips none that it does not hold (they read it as parsed so far)', () => {
  const shapes = [
    null,
    'text',
    3,
    { workspaces: 'x' },
    {
      workspaces: [
        null,
        3,
        'x',
        {
          users: 'x',
          numbers: [null, { ringUsers: 'x', afterHours: 'x' }],
          notifications: 'x',
          webhooks: [null, { events: 5 }],
          contacts: [7],
        },
      ],
    },
  ];
  for (const shape of shapes) expect(runChecks(shape)).toEqual([]);
});
