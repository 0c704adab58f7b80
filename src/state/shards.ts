// Where runtime state lives: split by workspace and, inside a workspace, across STATE_SHARDS maps by a hash of
// the item's own key (a call's CallSid, a caller's number, a text's MessageSid), so no Sync object takes the
// reads or writes of every call (Sync allows 20 of each per second per object, a Map being one object).
//
//   calls_<workspace>_<k>      k from the CallSid: the call log (every step of a call) and the call's
//                              text-back claim (one text per call)
//   callers_<workspace>_<k>    k from the caller's number: the abuse guard's per-minute counters and the
//                              text-back window (one text per caller per window); a sender's hourly cap
//                              counter and, k from a user's phone, whom their text answers and their last
//                              note (src/replies/sender-cap.ts, staff-state.ts)
//   optout_<workspace>_<k>     k from the phone number: who replied STOP
//   msgstatus_<workspace>_<k>  k from the MessageSid: delivery reports of our texts
//
// What one call writes goes to two maps of its workspace (its `calls` shard, its caller's `callers` shard),
// so a workspace's ceiling grows with STATE_SHARDS until its contacts map (one read per call) sets it.
//
// A call that belongs to no workspace (a number the configuration does not route) uses `-` as its workspace.
// Workspace ids are lower-case letters, digits and hyphens (never `_`), so a name reads back unambiguously.
// Before sharding, each kind was one deployment-wide map: `npm run config -- migrate-state` moves what they hold
// into the shards (src/sync/pre-shard-migration.ts); nothing reads them any more.

export const DEFAULT_STATE_SHARDS = 8;
export const MAX_STATE_SHARDS = 64;

export const SHARDED_KINDS = ['calls', 'callers', 'optout', 'msgstatus'] as const;
export type ShardedKind = (typeof SHARDED_KINDS)[number];

/** The workspace part of a map's name for state that belongs to no workspace. */
export const NO_WORKSPACE = '-';

/**
 * The kinds a call writes to (created ahead by `config push`); the others are written rarely and made on first use.
 * `optout`: a caller's first text marks them told how to opt out there (src/textback/opt-out-line).
 */
export const WRITTEN_PER_CALL: readonly ShardedKind[] = ['calls', 'callers', 'msgstatus', 'optout'];

/** A call's text-back claim, beside the call's log in its `calls` shard (src/textback/textback.ts). */
export const callClaimKey = (callSid: string): string => `${callSid}:claim`;

/** A caller's text-back window, in their `callers` shard (src/textback/textback.ts). */
export const textWindowKey = (caller: string): string => `window:${caller}`;

/** A shard in 0..shards-1 from a key: FNV-1a (32 bit) of its UTF-16 code units. Stable across Node versions. */
export function shardIndex(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

export function shardMapName(kind: ShardedKind, workspace: string | null, shard: number): string {
  return `${kind}_${workspace ?? NO_WORKSPACE}_${shard}`;
}

const SHARD_MAP_NAME = /^([a-z]+)_(-|[a-z0-9]+(?:-[a-z0-9]+)*)_(\d{1,2})$/;

/** What a sharded map's name says: its kind, workspace (null for `-`) and shard; null for any other name. */
export function parseShardMapName(name: string): { kind: ShardedKind; workspace: string | null; shard: number } | null {
  const match = SHARD_MAP_NAME.exec(name);
  if (!match || !(SHARDED_KINDS as readonly string[]).includes(match[1]!)) return null;
  return { kind: match[1] as ShardedKind, workspace: match[2] === NO_WORKSPACE ? null : match[2]!, shard: Number(match[3]) };
}

/** The shard count of a deployment (STATE_SHARDS), and the map an item of each kind lives in. */
export class StateShards {
  constructor(readonly count: number = DEFAULT_STATE_SHARDS) {
    if (!Number.isInteger(count) || count < 1 || count > MAX_STATE_SHARDS)
      throw new RangeError(`the shard count must be a whole number from 1 to ${MAX_STATE_SHARDS}, got ${count}`);
  }

  shardOf(key: string): number {
    return shardIndex(key, this.count);
  }

  /** The map holding `key` (a CallSid, a phone number, a MessageSid) of this kind and workspace. */
  mapFor(kind: ShardedKind, workspace: string | null, key: string): string {
    return shardMapName(kind, workspace, this.shardOf(key));
  }

  /** Every map of this kind and workspace, shard 0 first. */
  mapsOf(kind: ShardedKind, workspace: string | null): string[] {
    return Array.from({ length: this.count }, (_, shard) => shardMapName(kind, workspace, shard));
  }
}
