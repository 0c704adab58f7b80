// The call history: a workspace's calls read back from the call log, for `npm run calls`. A workspace's calls
// are in its `calls_<ws>_<k>` maps (every shard there is, whatever STATE_SHARDS was when they were written). Items are
// grouped by CallSid into CallRecords, newest first. Reading fails loudly: a store that cannot answer is a
// CallHistoryReadError, never an empty history.
import { UserFacingError } from '../errors/user-facing-error';
import { parseShardMapName, type StateShards } from '../state/shards';
import type { StateItem, StateStore } from '../state/store';
import { CallLogFinder } from './call-finder';
import { callLogMap, callRecordFromItems, isCallSid, type CallRecord } from './call-log';
import type { StepLog } from '../log/step-log';

/** A call as the history shows it: its record, the workspace it belongs to (null: a number no workspace routes) and when it began. */
export interface HistoryCall extends CallRecord {
  workspace: string | null;
  /** When the call was routed (the route entry's time), else the earliest time any of its entries records. */
  at: string;
}

export interface HistoryFilter {
  /** Only calls to this number (the called number, E.164). */
  number?: string;
  /** Only calls from this number (the caller, E.164). */
  contact?: string;
  /** Only calls from this instant on. */
  since?: Date;
}

/** The store holding the call history could not answer (Sync unreachable, a local folder unreadable). */
export class CallHistoryReadError extends UserFacingError {
  override readonly name: string = 'CallHistoryReadError';
}

/** How many maps are listed at once: each is its own Sync object, and one tool should not crowd the functions' reads. */
const MAPS_AT_ONCE = 4;

/** The earliest `at` of the record's entries (route first: it is when the call was routed). */
function startOf(record: CallRecord): string | null {
  if (record.route?.at) return record.route.at;
  const times: string[] = [];
  const collect = (value: unknown) => {
    const at = (value as { at?: unknown } | undefined)?.at;
    if (typeof at === 'string') times.push(at);
  };
  for (const entry of [record.dial, record.voicemail, record.recording, record.textback, record.fault, record.transcript]) collect(entry);
  for (const group of [record.legs, record.accepts, record.notices, record.replies]) Object.values(group ?? {}).forEach(collect);
  return times.sort()[0] ?? null;
}

/** Groups one map's items by the CallSid their keys begin with; items of no call (not `CA...:`) are left out. */
export function groupByCall(items: readonly StateItem[]): Map<string, StateItem[]> {
  const calls = new Map<string, StateItem[]>();
  for (const item of items) {
    const callSid = item.key.slice(0, item.key.indexOf(':'));
    if (!isCallSid(callSid)) continue;
    const group = calls.get(callSid);
    if (group) group.push(item);
    else calls.set(callSid, [item]);
  }
  return calls;
}

function matches(call: HistoryCall, filter: HistoryFilter): boolean {
  if (filter.number !== undefined && call.route?.to !== filter.number) return false;
  if (filter.contact !== undefined && call.route?.from !== filter.contact) return false;
  if (filter.since !== undefined && Date.parse(call.at) < filter.since.getTime()) return false;
  return true;
}

export class CallHistory {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
    private readonly log: StepLog,
    /** Says where the history is read from, in errors: "Sync service IS...", "the local state folder ...". */
    private readonly where: string,
  ) {}

  /** Every call of these workspaces that passes the filter, newest first. */
  async list(workspaces: readonly string[], filter: HistoryFilter = {}): Promise<HistoryCall[]> {
    const wanted = new Set(workspaces);
    const names = await this.reading('list the maps', () => this.store.listMaps());
    const sources: { map: string; workspace: string }[] = [];
    for (const name of names) {
      const parsed = parseShardMapName(name);
      if (parsed?.kind === 'calls' && parsed.workspace !== null && wanted.has(parsed.workspace))
        sources.push({ map: name, workspace: parsed.workspace });
    }

    const calls: HistoryCall[] = [];
    for (let start = 0; start < sources.length; start += MAPS_AT_ONCE) {
      const batch = sources.slice(start, start + MAPS_AT_ONCE);
      const listed = await Promise.all(batch.map((source) => this.reading(`read ${source.map}`, () => this.store.list(source.map))));
      batch.forEach((source, index) => {
        for (const [callSid, items] of groupByCall(listed[index]!)) {
          const record = callRecordFromItems(callSid, items);
          const at = startOf(record);
          if (at !== null) calls.push({ ...record, workspace: source.workspace, at });
        }
      });
    }
    return calls.filter((call) => matches(call, filter)).sort((a, b) => b.at.localeCompare(a.at) || a.callSid.localeCompare(b.callSid));
  }

  /** One call, wherever it is kept (its shard of one of these workspaces, or of no workspace); null when none has it. */
  async show(callSid: string, workspaces: readonly string[]): Promise<HistoryCall | null> {
    // Reads only: the finder's TTL (for a log it opens to write) is never used here.
    const finder = new CallLogFinder(this.store, this.shards, this.log, 0);
    const place = await this.reading(`look for call ${callSid}`, () => finder.place(callSid, workspaces));
    if (place) {
      const items = await this.reading(`read call ${callSid}`, () => this.store.list(callLogMap(place), `${callSid}:`));
      if (items.length === 0) return null;
      const record = callRecordFromItems(callSid, items);
      const workspace = place.workspace;
      return { ...record, workspace, at: startOf(record) ?? '' };
    }
    return this.searchShards(callSid, workspaces);
  }

  /**
   * A call not in its shard under today's STATE_SHARDS (it was written under another count): every `calls` map of
   * these workspaces (and of no workspace) that exists is asked for the call's keys, one request each, until found.
   */
  private async searchShards(callSid: string, workspaces: readonly string[]): Promise<HistoryCall | null> {
    const wanted = new Set(workspaces);
    const names = await this.reading('list the maps', () => this.store.listMaps());
    for (const name of names) {
      const parsed = parseShardMapName(name);
      if (parsed?.kind !== 'calls' || (parsed.workspace !== null && !wanted.has(parsed.workspace))) continue;
      if (parsed.shard === this.shards.shardOf(callSid)) continue; // already asked by the finder
      const items = await this.reading(`read ${name}`, () => this.store.list(name, `${callSid}:`));
      if (items.length === 0) continue;
      const record = callRecordFromItems(callSid, items);
      return { ...record, workspace: parsed.workspace, at: startOf(record) ?? '' };
    }
    return null;
  }

  private async reading<T>(what: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw new CallHistoryReadError(
        `Could not read the call history from ${this.where} (${what}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}
