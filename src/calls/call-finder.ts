// Finds a call's log when no callback carries its place: a text-back retried by CallSid, a tool reading a call,
// a test. It looks, all at once, in the call's shard of each candidate workspace and of "no workspace": one
// request each.
import type { StepLog } from '../log/step-log';
import type { StateShards } from '../state/shards';
import type { StateItem, StateStore } from '../state/store';
import { CallLog, callLogMap, callPlace, callRecordFromItems, type CallPlace, type CallRecord } from './call-log';

export class CallLogFinder {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
    private readonly log: StepLog,
    /** The TTL a call log it opens writes with (the call history's retention: callHistoryTtlSeconds). */
    private readonly ttlSeconds: number,
  ) {}

  /** Where the call's items are; null when no candidate place holds any. Throws when none was found and a place could not be read. */
  async place(callSid: string, workspaces: readonly string[]): Promise<CallPlace | null> {
    return (await this.search(callSid, workspaces))?.place ?? null;
  }

  /** The call's log, placed where its items are; null when it has none. */
  async open(callSid: string, workspaces: readonly string[]): Promise<CallLog | null> {
    const place = await this.place(callSid, workspaces);
    return place ? new CallLog(this.store, this.log, place, this.ttlSeconds) : null;
  }

  /** The call's log and everything recorded about it, from the one listing that found it: nothing is read again. */
  async openWithRecord(callSid: string, workspaces: readonly string[]): Promise<{ callLog: CallLog; record: CallRecord } | null> {
    const found = await this.search(callSid, workspaces);
    if (!found) return null;
    return { callLog: new CallLog(this.store, this.log, found.place, this.ttlSeconds), record: callRecordFromItems(callSid, found.items) };
  }

  /** Everything recorded about the call, or null when nothing is. */
  async read(callSid: string, workspaces: readonly string[]): Promise<CallRecord | null> {
    return (await this.open(callSid, workspaces))?.read(callSid) ?? null;
  }

  private async search(callSid: string, workspaces: readonly string[]): Promise<{ place: CallPlace; items: StateItem[] } | null> {
    const candidates: CallPlace[] = [...new Set([...workspaces, null])].map((workspace) => callPlace(this.shards, workspace, callSid));
    const found = await Promise.allSettled(candidates.map((place) => this.store.list(callLogMap(place), `${callSid}:`)));
    const index = found.findIndex((result) => result.status === 'fulfilled' && result.value.length > 0);
    if (index >= 0) return { place: candidates[index]!, items: (found[index] as PromiseFulfilledResult<StateItem[]>).value };
    const failed = found.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return null;
  }
}
