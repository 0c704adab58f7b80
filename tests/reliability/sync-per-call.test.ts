// Sync requests per call, per object and kind, measured from real runs: the functions under twilio-run (kept
// loaded) in Sync mode against the API double behind Prism, one answered and one missed call after a first of
// each, each driven to its end (tests/support/load/per-call.ts, which `npm run bench` runs too). Printed with the
// ceilings they imply; asserted: the counts are the calls' own, and no object takes requests from every call of
// the deployment, so no deployment-wide object sets a ceiling, and one workspace can take the load test's 20
// calls per second.
import { useTwilioApi } from '../support/twilio-api/index';
import {
  TARGET_MIX,
  formatPerCall,
  measureSyncPerCall,
  summarizeSyncPerCall,
  type SyncPerCall,
  type SyncPerCallSummary,
} from '../support/load/index';

const api = useTwilioApi();
let perCall: SyncPerCall;
let summary: SyncPerCallSummary;
const busyShare = TARGET_MIX.busyWorkspaceCallsPerSecond / TARGET_MIX.callsPerSecond;

beforeAll(async () => {
  perCall = await measureSyncPerCall(api);
  summary = summarizeSyncPerCall(perCall, { answeredShare: TARGET_MIX.answeredShare, busyShare });
  process.stdout.write(`${formatPerCall(summary)}\n`);
}, 120_000);

test('each outcome is counted from its own call: every request accounted to one object, reads and writes', () => {
  for (const measure of [perCall.answered, perCall.missed]) {
    expect(measure.requests).toBeGreaterThan(0);
    expect(measure.objects.reduce((sum, count) => sum + count.reads + count.writes, 0)).toBe(measure.requests);
  }
  // Both outcomes write the call log; only a missed call texts back: it reads the caller's opt-out and takes the
  // caller's text-back window (one more write to their `callers` shard), which an answered call never does.
  const on = (measure: typeof perCall.answered, pattern: string) => measure.objects.filter((count) => count.pattern === pattern);
  for (const measure of [perCall.answered, perCall.missed])
    expect(on(measure, 'calls_<ws>_<k>').some((count) => count.writes > 0)).toBe(true);
  expect(on(perCall.missed, 'optout_<ws>_<k>').map((count) => count.reads)).toEqual([1]);
  expect(on(perCall.answered, 'optout_<ws>_<k>')).toEqual([]);
  const callerWrites = (measure: typeof perCall.answered) => on(measure, 'callers_<ws>_<k>').reduce((sum, count) => sum + count.writes, 0);
  expect(callerWrites(perCall.missed)).toBe(callerWrites(perCall.answered) + 1);
});

test('no Sync object takes requests from every call of the deployment: no deployment-wide ceiling', () => {
  const shared = [...perCall.answered.objects, ...perCall.missed.objects].filter((count) => count.scope === 'deployment');
  expect(shared.map((count) => `${count.object}: ${count.reads} reads, ${count.writes} writes`)).toEqual([]);
  expect(summary.ceilingCallsPerSecond).toBeNull();
  expect(summary.ceilingNote).toBe('no deployment-wide object');
});

test(`one workspace can take the load test's ${TARGET_MIX.busyWorkspaceCallsPerSecond} calls per second`, () => {
  expect(summary.workspaceCeilingCallsPerSecond).toBeGreaterThanOrEqual(TARGET_MIX.busyWorkspaceCallsPerSecond);
});
