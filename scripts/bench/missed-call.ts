// Section 5: a whole missed call through simulateCall: the main line rings its group, nobody answers,
// the caller hears the greeting and leaves a message, and text-back texts them (to the local outbox).
// Each run is a different caller, so the text-back window never skips one; the call log must show
// the text, or the run does not count.
import { CallLogFinder } from '../../src/calls/call-finder';
import { DEFAULT_CALL_HISTORY_DAYS, callHistoryTtlSeconds } from '../../src/calls/call-log';
import { StateShards } from '../../src/state/shards';
import { quietStepLog } from '../../src/log/step-log';
import { simulateCall } from '../../src/simulator/simulate';
import { LocalStateStore } from '../../src/state/local-store';
import { BENCH_ACCOUNT_SID, BENCH_AUTH_TOKEN, type ServedFunctions, type ServedMode } from './served-modes';
import { elapsedMs, median, round } from './stats';

export const MISSED_CALL_RUNS = 5;
const MAIN_LINE = '+15550100100';
/** The sample configuration's workspace, which MAIN_LINE belongs to. */
const BENCH_WORKSPACE = 'acme';
const AT = '2026-11-23T15:00:00Z';

export interface MissedCallResult {
  mode: ServedMode['id'];
  runs: number;
  requests: number;
  totalMs: { median: number; min: number; max: number };
  textback: string;
}

export async function benchMissedCall(
  served: ServedFunctions,
  mode: ServedMode,
  runs: number = MISSED_CALL_RUNS,
): Promise<MissedCallResult> {
  const callLog = new CallLogFinder(
    new LocalStateStore(served.stateDir),
    new StateShards(),
    quietStepLog('bench'),
    callHistoryTtlSeconds(DEFAULT_CALL_HISTORY_DAYS),
  );
  const times: number[] = [];
  const requests = new Set<number>();
  const textbacks = new Set<string>();
  for (let run = 0; run < runs; run += 1) {
    const from = `+1555019${String(run).padStart(4, '0')}`;
    const started = process.hrtime.bigint();
    const result = await simulateCall({
      baseUrl: served.baseUrl,
      authToken: BENCH_AUTH_TOKEN,
      accountSid: BENCH_ACCOUNT_SID,
      from,
      to: MAIN_LINE,
      answer: { kind: 'none' },
      pressKey: true,
      at: AT,
    });
    times.push(elapsedMs(started));
    const textback = (await callLog.read(result.callSid, [BENCH_WORKSPACE]))?.textback;
    if (result.outcome !== 'missed' || !result.voicemail || !textback) {
      throw new Error(`the simulated call was not a missed call with a voicemail and a text: ${result.transcript.join(' / ')}`);
    }
    requests.add(result.requests);
    if (requests.size > 1) throw new Error(`the same missed call made ${[...requests].join(' and ')} requests on different runs`);
    textbacks.add(String(textback.status ?? JSON.stringify(textback)));
  }
  return {
    mode: mode.id,
    runs,
    requests: [...requests][0] ?? 0,
    totalMs: { median: round(median(times)), min: round(Math.min(...times)), max: round(Math.max(...times)) },
    textback: [...textbacks].join(', '),
  };
}
