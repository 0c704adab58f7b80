// Where the functions keep a state item when STATE_SHARDS is left at its default: for tests that look at (or plant)
// an item in the map a function reads or writes.
import { StateShards, type ShardedKind } from '../../src/state/shards';

export const DEFAULT_SHARDS = new StateShards();

/** The map of this kind and workspace that holds `key` (a CallSid, a phone number, a MessageSid). */
export const stateMapOf = (kind: ShardedKind, workspace: string | null, key: string): string => DEFAULT_SHARDS.mapFor(kind, workspace, key);
