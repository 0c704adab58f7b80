// The shared routing cases, run against the pure decide().
import { parseBundle } from '../../src/config/parse';
import { callerOf } from '../../src/phone/caller-id';
import { decide } from '../../src/routing/decide';
import { CASES, FIXTURE, SEED_001_TABLE, SEED_EXPECTED, guardCountOf, seedCaseId } from '../cases/routing-cases';
import { decisionView, expectCase } from '../support/expect-case';

const bundle = parseBundle(FIXTURE, 'the shared fixture');

describe('shared routing cases against decide()', () => {
  test.each(CASES.map((c) => [c.id, c] as const))('%s', (_id, routingCase) => {
    // The caller as the functions classify it (routing is handed it: it cannot read the phone metadata itself).
    const decision = decide(
      { to: routingCase.to, from: routingCase.from, caller: callerOf(routingCase.from), callerCount: guardCountOf(routingCase) },
      bundle,
      new Date(routingCase.at),
    );
    const { expect: want } = routingCase;
    expectCase(routingCase, decisionView('decide', decision));
    // The trace ends at the deciding rule, which is the only one applied.
    expect(decision.trace.filter((entry) => entry.applied).map((entry) => entry.rule)).toEqual([want.rule]);
    expect(decision.trace[decision.trace.length - 1]?.rule).toBe(want.rule);
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
