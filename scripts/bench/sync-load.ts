// Section 3: Sync requests per call, by object and outcome, measured from real runs (the functions under twilio-run
// in Sync mode against the Twilio API double behind Prism: tests/support/load/per-call.ts, which a jest test runs
// too), and the ceilings they imply. Section 8: the load at the target (100 calls/s across 50 workspaces, one at 20)
// in simulated time against the double with Sync's rate limits on (tests/support/load, as the load test runs it,
// for longer): its 429s, and the call-log entries and texts it lost.
import {
  TARGET_MIX,
  measureSyncPerCall,
  runLoad,
  summarizeSyncPerCall,
  type LoadSummary,
  type SyncPerCallSummary,
} from '../../tests/support/load/index';
import { expectNoContractViolations, startTwilioApi } from '../../tests/support/twilio-api/index';

/** Simulated seconds of arrivals in the benchmark's load: long enough for a burst window of steady state (longestCallSeconds, 58 s, plus 10 s and more), as in `npm run test:stress`. */
export const BENCH_LOAD_SECONDS = 75;

/** The busiest workspace's share of the deployment's calls in the load test (20 of 100). */
export const BUSY_SHARE = TARGET_MIX.busyWorkspaceCallsPerSecond / TARGET_MIX.callsPerSecond;

export async function benchSyncPerCall(): Promise<SyncPerCallSummary> {
  const api = await startTwilioApi();
  try {
    const perCall = await measureSyncPerCall(api);
    expectNoContractViolations(api);
    return summarizeSyncPerCall(perCall, { answeredShare: TARGET_MIX.answeredShare, busyShare: BUSY_SHARE });
  } finally {
    await api.stop();
  }
}

export async function benchLoad(seconds: number = BENCH_LOAD_SECONDS): Promise<LoadSummary> {
  return (await runLoad({ ...TARGET_MIX, seconds })).summary;
}
