// The benchmark's pure parts (scripts/bench): the seeded configuration and calls it routes, the
// percentiles and ratios it reports, and its tables. No timing is measured or asserted here.
import { parseBundle } from '../../src/config/parse';
import { serializedSize, workspaceDocument, SYNC_DOCUMENT_MAX_BYTES } from '../../src/config/layout';
import { RULES } from '../../src/routing/rules';
import { decide } from '../../src/routing/decide';
import { generateCalls } from '../../scripts/bench/calls';
import { countConfiguration } from '../../scripts/bench/decision';
import { BENCH_SEED, LARGE_CONFIG, generateLargeBundle } from '../../scripts/bench/large-config';
import { seededRandom } from '../../scripts/bench/random';
import { percentile, ratio, spread } from '../../scripts/bench/stats';
import { renderTable } from '../../scripts/bench/table';

describe('the generated large configuration', () => {
  const bundle = parseBundle(generateLargeBundle(BENCH_SEED));

  test('is valid and has the stated size: 50 numbers, 100 users, 10,000 contacts, ring groups, business hours', () => {
    expect(countConfiguration(bundle)).toEqual({
      workspaces: 5,
      numbers: 50,
      users: 100,
      contacts: 10_000,
      ringGroups: expect.any(Number),
      withBusinessHours: 5,
    });
    expect(countConfiguration(bundle).ringGroups).toBeGreaterThanOrEqual(5);
    expect(bundle.workspaces.every((workspace) => workspace.numbers.some((number) => number.ringUsers.length === 7))).toBe(true);
  });

  test('each workspace fits one Sync document, which all 100 users in one workspace would not', () => {
    for (const workspace of bundle.workspaces)
      expect(serializedSize(workspaceDocument(workspace))).toBeLessThanOrEqual(SYNC_DOCUMENT_MAX_BYTES);
    expect(() => parseBundle(generateLargeBundle(BENCH_SEED, { ...LARGE_CONFIG, workspaces: 1 }))).toThrow(/16 KiB/);
  });

  test('is the same for the same seed and differs for another', () => {
    expect(JSON.stringify(generateLargeBundle(BENCH_SEED))).toBe(JSON.stringify(generateLargeBundle(BENCH_SEED)));
    expect(JSON.stringify(generateLargeBundle(BENCH_SEED + 1))).not.toBe(JSON.stringify(generateLargeBundle(BENCH_SEED)));
  });

  test('refuses a size that does not split evenly over the workspaces', () => {
    expect(() => generateLargeBundle(BENCH_SEED, { ...LARGE_CONFIG, users: 101 })).toThrow(/split evenly/);
  });

  test('the 10,000 generated calls are deterministic, and every rule of the table decides some of them', () => {
    const calls = generateCalls(bundle, 10_000, BENCH_SEED);
    expect(calls).toHaveLength(10_000);
    expect(generateCalls(bundle, 10_000, BENCH_SEED)).toEqual(calls);
    const decided = new Set(calls.map(({ call, at }) => decide(call, bundle, at).rule));
    expect([...decided].sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });
});

describe('the seeded random numbers', () => {
  test('repeat for a seed, stay in [0, 1), and pick from a list', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const drawn = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(drawn);
    expect(drawn.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(drawn).size).toBeGreaterThan(990);
    expect(['x', 'y', 'z']).toContain(seededRandom(1).pick(['x', 'y', 'z']));
    expect(() => seededRandom(1).pick([])).toThrow(/empty/);
  });
});

describe('percentiles (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => 100 - i); // unsorted on purpose

  test('are values that were measured, at rank ceil(p/100 * n)', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile(oneToHundred, 1)).toBe(1);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 1000], 99)).toBe(1000);
    expect(percentile([42], 99)).toBe(42);
  });

  test('do not reorder the samples given', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  test('refuse no samples and a p outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(/no samples/);
    expect(() => percentile([1], 0)).toThrow(/\(0, 100\]/);
    expect(() => percentile([1], 101)).toThrow(/\(0, 100\]/);
  });

  test('spread and ratio', () => {
    expect(spread(oneToHundred)).toEqual({ samples: 100, p50: 50, p99: 99 });
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(2, 3)).toBe(0.67);
  });
});

describe('tables', () => {
  test('right-align numbers, left-align text, one line per row under the header', () => {
    const table = renderTable(
      ['name', 'ms'],
      [
        ['a', 1.5],
        ['long-name', 1234],
      ],
      '',
    );
    expect(table.split('\n')).toEqual(['name          ms', 'a            1.5', 'long-name  1,234']);
  });
});
