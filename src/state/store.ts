// Runtime state (text-back dedupe, per-call records, the call log): a key-value map with TTLs whose
// create fails on an existing key. Sync Maps in production; files on disk locally, with the same rules.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface StateItem {
  key: string;
  data: JsonObject;
  /** When the item expires (ms since the epoch), null when it never does; as list() reads it. */
  expiresAt?: number | null;
}

/** What takeOver() did: replaced the item (`previous` was there), or not (`current`: what it read, null when absent). */
export type TakeOverResult = { taken: true; previous: JsonObject; written: JsonObject } | { taken: false; current: JsonObject | null };

/** A slice of a map's keys: `from` and `to` are where the listing starts and stops, in its order. */
export interface KeyRange {
  from?: string;
  to?: string;
  order: 'asc' | 'desc';
  limit: number;
}

/** Whether a key is within the range's `to` (the listing's far end), in its order. */
export function withinRange(key: string, range: KeyRange): boolean {
  if (range.to === undefined) return true;
  return range.order === 'asc' ? key <= range.to : key >= range.to;
}

export interface StateStore {
  /** Creates the item. Resolves false, writing nothing, when the key exists and has not expired. */
  create(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<boolean>;
  /** The item's data, or null when there is none (or it expired). Throws when the store cannot answer. */
  get(map: string, key: string): Promise<JsonObject | null>;
  /** Creates or replaces the item. */
  put(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<void>;
  /** Replaces an item that is known to exist (one request in Sync, where put() first tries a create); creates it if it is gone. */
  update(map: string, key: string, data: JsonObject, ttlSeconds?: number): Promise<void>;
  remove(map: string, key: string): Promise<void>;
  /** True when the map holds no live item, or does not exist (one request in Sync). */
  isEmpty(map: string): Promise<boolean>;
  /** The names of every map the store holds (a tool listing a workspace's call log across its shards). */
  listMaps(): Promise<string[]>;
  /** Removes a map and all its items (a map of before sharding, emptied by src/sync/pre-shard-migration.ts); nothing when absent. */
  removeMap(map: string): Promise<void>;
  /** Every live item of a map, by key; with `prefix`, only the keys that start with it (one call's log). */
  list(map: string, prefix?: string): Promise<StateItem[]>;
  /**
   * At most `limit` (1..100) live items in key order (`desc`: from the last), starting at `from` (inclusive) and
   * stopping past `to` (inclusive): ONE request in Sync, whatever the map holds (the call history's index reads with it).
   */
  listRange(map: string, range: KeyRange): Promise<StateItem[]>;
  /**
   * Adds one to the counter at `key` (created at 1, expiring `ttlSeconds` after its creation), atomically: two
   * concurrent calls never see the same count. Once the count is above `ceiling` it is no longer raised (nothing
   * is written): the answer is then ceiling + 1. A small, fixed number of requests, whatever the count.
   */
  countUp(map: string, key: string, ceiling: number, ttlSeconds: number): Promise<number>;
  /**
   * Compare-and-set: reads the item and replaces it with `replace(current)` (its TTL kept) only if nobody wrote it
   * in between; `replace` answering null declines. Of two invocations taking over the same item, at most one gets
   * `taken: true` (src/state/lease.ts: finishing work a dead invocation left half-done). Two requests in Sync.
   */
  takeOver(map: string, key: string, replace: (current: JsonObject) => JsonObject | null): Promise<TakeOverResult>;
}

/** A counter item's data: `{ count }`. */
export function counterValue(data: JsonObject | null | undefined): number {
  const count = data?.count;
  return typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : 0;
}

/** What a map's name may be (Sync's unique names allow more; ours are these). */
export const MAP_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

export class StateStoreError extends Error {
  override readonly name = 'StateStoreError';
}

export function assertMapName(map: string): void {
  if (!MAP_NAME.test(map)) throw new StateStoreError(`"${map}" is not a valid state map name`);
}
