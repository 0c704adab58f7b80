// RuleId comes from the rules table itself: a rule added, renamed or removed changes the type, and a name that
// is not in the table does not type-check (npm test type-checks before the suites run).
import { RULES } from '../../src/routing/rules';
import type { RuleId } from '../../src/routing/types';

test('the table holds the rules in the precedence DESIGN.md and the seeds give (with issue 20 rules where it places them), each id once', () => {
  const ids: RuleId[] = RULES.map((rule) => rule.id);
  expect(ids).toEqual([
    'unknown-number',
    'abuse-guard',
    'inactive-number',
    'blocked-caller',
    'screening',
    'voicemail-mode',
    'forward-mode',
    'after-hours',
    'phone-menu',
    'number-assigned-user',
    'caller-assigned-user',
    'sticky-agent',
    'ring-group',
    'forwarding-number',
    'company-phone',
    'nothing-to-ring',
  ]);
  // @ts-expect-error a name that is not in the table is not a RuleId
  const notARule: RuleId = 'no-such-rule';
  expect(ids).not.toContain(notARule);
});
