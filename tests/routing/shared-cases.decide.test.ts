// The shared routing cases, run against the pure decide().
import { parseBundle } from '../../src/config/parse';
import { decide } from '../../src/routing/decide';
import { ALL_CASES, CASES, callInputOf, FIXTURE, SEED_001_TABLE, SEED_EXPECTED, seedCaseId } from '../cases/routing-cases';
import { decisionView, expectCase, expectTraceSays } from '../support/expect-case';

const bundle = parseBundle(FIXTURE, 'the shared fixture');

describe('shared routing cases against decide()', () => {
  test.each(ALL_CASES.map((c) => [c.id, c] as const))('%s', (_id, routingCase) => {
    // The caller as the functions classify it (routing is handed it: it cannot read the phone metadata itself).
    const decision = decide(callInputOf(routingCase), bundle, new Date(routingCase.at));
    const { expect: want } = routingCase;
    expectCase(routingCase, decisionView('decide', decision));
    expectTraceSays(routingCase, decision);
    // The trace ends at the deciding rule, the only one applied (or, after a first tier, at the rule that decided the rest).
    const applied = want.thenRule ? [want.rule, want.thenRule] : [want.rule];
    expect(decision.trace.filter((entry) => entry.applied).map((entry) => entry.rule)).toEqual(applied);
    expect(decision.trace[decision.trace.length - 1]?.rule).toBe(applied[applied.length - 1]);
  });
});

describe("seed 001's table", () => {
  test("has 16 rows, and each row's combination is a case expecting exactly what the row states", () => {
    expect(SEED_001_TABLE).toHaveLength(16);
    for (const row of SEED_001_TABLE) {
      expect({ row: row.row, rings: SEED_EXPECTED[seedCaseId(row.columns)] }).toEqual({ row: row.row, rings: row.rings });
    }
  });

  test('all 32 combinations of its five columns are cases, each with an expectation of its own', () => {
    const seedCases = CASES.filter((c) => c.id.startsWith('seed001-'));
    expect(new Set(seedCases.map((c) => c.id)).size).toBe(32);
    expect(Object.keys(SEED_EXPECTED).sort()).toEqual(seedCases.map((c) => c.id).sort());
  });
});
