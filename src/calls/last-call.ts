// The caller's last call, per workspace: which call they last made (its CallSid and where its log is kept) and whom
// it rang, so that a text they send afterwards (a reply to the text-back) reaches the people that call concerned
// and is filed with it. One item per caller, `last:<caller>` in the caller's shard of the workspace's `callers`
// maps (src/state/shards.ts), replaced by each call: one write per call, kept as long as the call log
// (`ttlSeconds`: the call history's retention, callHistoryTtlSeconds).
import type { StateShards } from '../state/shards';
import type { JsonObject, StateStore } from '../state/store';
import { isCallSid, type CallPlace } from './call-log';

export interface LastCall {
  callSid: string;
  /** Where the call's log is kept (its workspace and shard). */
  place: { workspace: string | null; shard: number };
  /** Ids of the users the call rang (empty when it rang nobody, or only numbers of no user). */
  rungUsers: string[];
  /** When the call came in (ISO-8601). */
  at: string;
}

/** The caller's last call: found, none, or unknown because the store could not answer. */
export type LastCallLookup = { state: 'found'; call: LastCall } | { state: 'absent' } | { state: 'unreadable'; error: unknown };

export const lastCallKey = (caller: string): string => `last:${caller}`;

/** A stored item read back as a LastCall, or null when it is not one (written by something else, or damaged). */
function asLastCall(data: JsonObject | null): LastCall | null {
  if (!data || !isCallSid(typeof data.callSid === 'string' ? data.callSid : undefined)) return null;
  const place = data.place as { workspace?: unknown; shard?: unknown } | null | undefined;
  if (!place || typeof place !== 'object' || !Number.isInteger(place.shard)) return null;
  const workspace = typeof place.workspace === 'string' ? place.workspace : null;
  const rungUsers = Array.isArray(data.rungUsers) ? data.rungUsers.filter((user): user is string => typeof user === 'string') : [];
  return {
    callSid: data.callSid as string,
    place: { workspace, shard: place.shard as number },
    rungUsers,
    at: typeof data.at === 'string' ? data.at : '',
  };
}

export class LastCalls {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
    private readonly ttlSeconds: number,
  ) {}

  private map(workspace: string, caller: string): string {
    return this.shards.mapFor('callers', workspace, caller);
  }

  /** Records `call` as the caller's last call to the workspace (a call of before sharding has no place: not recorded). Throws when the store fails. */
  async record(
    workspace: string,
    caller: string,
    call: { callSid: string; place: CallPlace; rungUsers: readonly string[]; at: Date },
  ): Promise<void> {
    const entry: LastCall = {
      callSid: call.callSid,
      place: { workspace: call.place.workspace, shard: call.place.shard },
      rungUsers: [...call.rungUsers],
      at: call.at.toISOString(),
    };
    await this.store.put(this.map(workspace, caller), lastCallKey(caller), entry as unknown as JsonObject, this.ttlSeconds);
  }

  async find(workspace: string, caller: string): Promise<LastCallLookup> {
    try {
      const call = asLastCall(await this.store.get(this.map(workspace, caller), lastCallKey(caller)));
      return call ? { state: 'found', call } : { state: 'absent' };
    } catch (error) {
      return { state: 'unreadable', error };
    }
  }
}
