// The ceilings' arithmetic (tests/support/load/ceilings.ts), on loads worked out by hand: Sync allows 20 requests of
// each kind per second per object; a shard takes 1/shards of its workspace's calls.
import { deploymentCeiling, mixCeiling, mixedLoad, workspaceCeiling, type CeilingInput, type ObjectLoad } from '../support/load/index';

const load = (pattern: string, scope: ObjectLoad['scope'], reads: number, writes: number): ObjectLoad => ({
  pattern,
  scope,
  reads,
  writes,
});

// Today's shape: one deployment-wide call log, a contacts map per workspace, a sharded map, a number document.
const SHARED: CeilingInput = {
  perCall: {
    answered: [load('calls', 'deployment', 2, 5), load('contacts_<ws>', 'workspace', 2, 0), load('calls_<ws>_<k>', 'shard', 2, 4)],
    missed: [
      load('calls', 'deployment', 0, 4),
      load('contacts_<ws>', 'workspace', 1, 0),
      load('calls_<ws>_<k>', 'shard', 1, 6),
      load('number_<n>', 'number', 1, 0),
    ],
  },
  answeredShare: 0.5,
  shards: 8,
  limitPerSecond: 20,
};

// Sharded: nothing deployment-wide; contacts read once per call.
const SHARDED: CeilingInput = {
  perCall: {
    answered: [load('contacts_<ws>', 'workspace', 1, 0), load('calls_<ws>_<k>', 'shard', 2, 3), load('callers_<ws>_<k>', 'shard', 0, 1)],
    missed: [load('contacts_<ws>', 'workspace', 1, 0), load('calls_<ws>_<k>', 'shard', 1, 4), load('callers_<ws>_<k>', 'shard', 0, 2)],
  },
  answeredShare: 0.5,
  shards: 8,
  limitPerSecond: 20,
};

test('the mix averages each object over the outcomes by their shares', () => {
  // calls: reads (2 + 0) / 2 = 1, writes (5 + 4) / 2 = 4.5; number_<n>: only missed calls read it, 1 / 2.
  expect(mixedLoad(SHARED)).toEqual([
    load('calls', 'deployment', 1, 4.5),
    load('contacts_<ws>', 'workspace', 1.5, 0),
    load('calls_<ws>_<k>', 'shard', 1.5, 5),
    load('number_<n>', 'number', 0.5, 0),
  ]);
  // A quarter answered: calls writes 0.25 × 5 + 0.75 × 4 = 4.25.
  expect(mixedLoad({ ...SHARED, answeredShare: 0.25 }).find((entry) => entry.pattern === 'calls')?.writes).toBe(4.25);
});

test('deployment-wide: the object every call touches, at 20 / its requests per call', () => {
  // calls: writes 20 / 4.5 = 4.44 calls/s (its reads would allow 20 / 1 = 20).
  expect(deploymentCeiling(SHARED)).toEqual({ callsPerSecond: 20 / 4.5, pattern: 'calls', kind: 'write', perCall: 4.5 });
  expect(deploymentCeiling(SHARDED)).toBeNull();
});

test('per workspace: its own objects at 20 / requests per call, a shard at 20 × shards / requests per call', () => {
  // contacts reads 20 / 1.5 = 13.3; shard reads 160 / 1.5 = 106.7, writes 160 / 5 = 32; number reads 20 / 0.5 = 40.
  expect(workspaceCeiling(SHARED)).toEqual({ callsPerSecond: 20 / 1.5, pattern: 'contacts_<ws>', kind: 'read', perCall: 1.5 });
  // contacts reads 20 / 1 = 20; calls shard writes 160 / 3.5 = 45.7; callers shard writes 160 / 1.5 = 106.7.
  expect(workspaceCeiling(SHARDED)).toEqual({ callsPerSecond: 20, pattern: 'contacts_<ws>', kind: 'read', perCall: 1 });
  // One shard: the call log's writes come first, 20 / 3.5 = 5.71.
  expect(workspaceCeiling({ ...SHARDED, shards: 1 })).toEqual({
    callsPerSecond: 20 / 3.5,
    pattern: 'calls_<ws>_<k>',
    kind: 'write',
    perCall: 3.5,
  });
});

test("the load test's mix: the lower of the deployment's ceiling and the busiest workspace's over its share", () => {
  // Shared: the deployment's 4.44 comes before the busiest workspace's 13.3 / 0.2 = 66.7.
  expect(mixCeiling(SHARED, 0.2)).toEqual({ callsPerSecond: 20 / 4.5, setBy: 'deployment' });
  // Sharded: no deployment-wide object; the busiest workspace's 20 calls/s at a fifth of the calls: 100.
  expect(mixCeiling(SHARDED, 0.2)).toEqual({ callsPerSecond: 100, setBy: 'busiest workspace' });
  expect(mixCeiling({ ...SHARDED, perCall: { answered: [], missed: [] } }, 0.2)).toEqual({ callsPerSecond: null, setBy: null });
});
