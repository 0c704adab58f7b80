// A test's view of the call log: read a call by its CallSid wherever the functions placed it (its shard of one
// of `workspaces`, of no workspace, or the map of before sharding), as the finder does; write a leg as a step would.
import { CallLogFinder } from '../../src/calls/call-finder';
import {
  CallLog,
  DEFAULT_CALL_HISTORY_DAYS,
  callHistoryTtlSeconds,
  callPlace,
  type CallStep,
  type LegEntry,
  type LegStep,
} from '../../src/calls/call-log';
import { createStepLog } from '../../src/log/step-log';
import { StateShards } from '../../src/state/shards';
import type { StateStore } from '../../src/state/store';

export function callLogOf(store: StateStore, workspaces: readonly string[], shards = new StateShards()) {
  const log = createStepLog('test');
  const ttlSeconds = callHistoryTtlSeconds(DEFAULT_CALL_HISTORY_DAYS);
  const finder = new CallLogFinder(store, shards, log, ttlSeconds);
  return {
    read: (callSid: string) => finder.read(callSid, workspaces),
    readStep: async <T extends object>(callSid: string, step: CallStep): Promise<T | null> =>
      (await finder.open(callSid, workspaces))?.readStep<T>(callSid, step) ?? null,
    /** Writes a leg's record where a call of the first workspace keeps it. */
    writeLeg: (callSid: string, step: LegStep, entry: LegEntry) =>
      new CallLog(store, log, callPlace(shards, workspaces[0] ?? null, callSid), ttlSeconds).writeLeg(callSid, step, entry),
  };
}
