// Retires the state of before sharding (`npm run config -- migrate-state`). Then, each kind of state was one
// deployment-wide map (delivery reports one map per workspace); today every item lives in a shard of its
// workspace (./shards.ts). This moves each item of those maps to where today's code looks for it, keeping what is
// left of its TTL, removes it from the old map, and removes each old map once it is empty. Nothing reads the old
// maps any more, so running it once, before deploying a version without their readers, is the upgrade step
// (docs/deploying.md).
//
// Safe to run again, and to stop halfway: an item is written to its shard before it is removed from the old map,
// and a write that finds the item already in its shard (a run stopped between the two) leaves the shard's as it is.
// An item whose place cannot be told (a claim whose call's workspace is unknown, a key of no known shape) stays
// where it is and is reported, so nothing is lost; its map stays until it is empty. Writes are paced under Sync's
// 20 per second per object (each Map one object), with room left for the functions' own, and a write Sync refuses
// for its rate waits and is tried again (./provision.ts).
import { waitingOutSyncRate } from './provision';
import { callClaimKey, parseShardMapName, textWindowKey, type ShardedKind, type StateShards } from '../state/shards';
import type { StateItem, StateStore } from '../state/store';

/** The deployment-wide maps of before sharding. */
export const PRE_SHARD_MAPS = {
  calls: 'calls',
  claims: 'textback-calls',
  window: 'textback-window',
  guard: 'caller-rate',
  optout: 'optout',
} as const;

/** Before sharding, each workspace's delivery reports were one map: `message-status-<workspace>`. */
const PRE_SHARD_DELIVERY_REPORTS = /^message-status-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** Writes per second the migration allows itself on one map: under Sync's 20, leaving the functions room. */
export const MIGRATION_WRITES_PER_SECOND = 15;

/** Where one old item goes: the map and key of its shard; `replace`: an old item wins over one found there. */
interface Destination {
  map: string;
  key: string;
  replace: boolean;
}

/** Where an old map's item goes, or why it cannot be told. */
type Placement = Destination | { left: string };

/** What was done with one old map. */
export interface MigratedMap {
  map: string;
  /** Items written to their shard (or found there already) and removed from the old map. */
  moved: number;
  /** Items left in the old map, each with why. */
  left: { key: string; why: string }[];
  /** Whether the old map was removed (it was empty at the end). */
  removed: boolean;
  /** What the old map held and how it was treated, for the report. */
  what: string;
}

export interface MigrationOptions {
  /** Only these old maps (by name); default every one found. `config push` moves the opt-outs alone. */
  only?: (map: string) => boolean;
  /** Time, in ms since the epoch: what is left of an item's TTL is counted from it, and pacing too. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told each time the migration waits for Sync's rate. */
  onWait?: (map: string) => void;
  writesPerSecond?: number;
}

/** Spaces writes so that no map takes more than `perSecond` of them in any second. */
class WritePacer {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async before(map: string): Promise<void> {
    for (;;) {
      const now = this.clock();
      const times = (this.recent.get(map) ?? []).filter((at) => at > now - 1000);
      if (times.length < this.perSecond) {
        times.push(now);
        this.recent.set(map, times);
        return;
      }
      this.recent.set(map, times);
      await this.sleep(times[0]! + 1000 - now);
    }
  }
}

/** The part of a key before its first `:` and the rest (`<workspace>:<phone>`, `<CallSid>:<step>`); null without one. */
function splitKey(key: string): [string, string] | null {
  const at = key.indexOf(':');
  return at > 0 && at < key.length - 1 ? [key.slice(0, at), key.slice(at + 1)] : null;
}

/** The map of `kind` for this workspace and key, when the workspace id is one a shard's name can hold. */
function shardFor(shards: StateShards, kind: ShardedKind, workspace: string | null, key: string): string | null {
  const map = shards.mapFor(kind, workspace, key);
  return parseShardMapName(map) ? map : null;
}

const unknownWorkspace = (workspace: string) => ({ left: `"${workspace}" is not a workspace id` });

/** The workspace of each call of the old call log (its `<CallSid>:route` item names it; null: a number no workspace routes). */
function workspacesOfCalls(callLog: readonly StateItem[]): Map<string, string | null> {
  const workspaces = new Map<string, string | null>();
  for (const { key, data } of callLog) {
    const parts = splitKey(key);
    if (parts && parts[1] === 'route') workspaces.set(parts[0], typeof data.workspace === 'string' ? data.workspace : null);
  }
  return workspaces;
}

/** The old maps this store holds, in the order they are moved: the call log last, as the claims are placed by it. */
export function preShardMapsIn(names: readonly string[]): string[] {
  const order = [PRE_SHARD_MAPS.claims, PRE_SHARD_MAPS.window, PRE_SHARD_MAPS.optout, PRE_SHARD_MAPS.guard];
  const reports = names.filter((name) => PRE_SHARD_DELIVERY_REPORTS.test(name)).sort();
  return [
    ...order.filter((name) => names.includes(name)),
    ...reports,
    ...(names.includes(PRE_SHARD_MAPS.calls) ? [PRE_SHARD_MAPS.calls] : []),
  ];
}

/** How each old map's items are placed, given the old call log's calls and their workspaces. */
function placerFor(
  map: string,
  shards: StateShards,
  callWorkspaces: Map<string, string | null>,
): { what: string; place: (key: string) => Placement } | null {
  switch (map) {
    case PRE_SHARD_MAPS.calls:
      return {
        what: "the call log (each call to its workspace's shard, as its route says)",
        place: (key) => {
          const parts = splitKey(key);
          if (!parts) return { left: 'not a call log key (<CallSid>:<step>)' };
          const workspace = callWorkspaces.get(parts[0]) ?? null;
          const target = shardFor(shards, 'calls', workspace, parts[0]);
          return target ? { map: target, key, replace: false } : unknownWorkspace(String(workspace));
        },
      };
    case PRE_SHARD_MAPS.claims:
      return {
        what: "text-back claims of calls (each beside its call's log)",
        place: (callSid) => {
          const workspace = callWorkspaces.get(callSid);
          if (!workspace) return { left: "its call's workspace is unknown (no route in the old call log); it expires by itself" };
          const target = shardFor(shards, 'calls', workspace, callSid);
          return target ? { map: target, key: callClaimKey(callSid), replace: false } : unknownWorkspace(workspace);
        },
      };
    case PRE_SHARD_MAPS.window:
    case PRE_SHARD_MAPS.optout: {
      const window = map === PRE_SHARD_MAPS.window;
      return {
        what: window ? "text-back windows (each in its caller's shard)" : "opt-outs (each in its phone's shard)",
        place: (key) => {
          const parts = splitKey(key);
          if (!parts) return { left: 'not a <workspace>:<phone> key' };
          const [workspace, phone] = parts;
          const target = shardFor(shards, window ? 'callers' : 'optout', workspace, phone);
          if (!target) return unknownWorkspace(workspace);
          // An opt-out replaces an item that only says the phone was told how to opt out.
          return window ? { map: target, key: textWindowKey(phone), replace: false } : { map: target, key: phone, replace: true };
        },
      };
    }
    case PRE_SHARD_MAPS.guard:
      return null;
    default: {
      const workspace = PRE_SHARD_DELIVERY_REPORTS.exec(map)?.[1];
      if (!workspace) return null;
      return {
        what: "delivery reports (each in its message's shard)",
        place: (messageSid) => {
          const target = shardFor(shards, 'msgstatus', workspace, messageSid);
          return target ? { map: target, key: messageSid, replace: false } : unknownWorkspace(workspace);
        },
      };
    }
  }
}

/** Moves every item of the maps of before sharding into its shard, and removes each old map once empty. */
export async function migratePreShardState(store: StateStore, shards: StateShards, options: MigrationOptions = {}): Promise<MigratedMap[]> {
  const clock = options.clock ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pacer = new WritePacer(options.writesPerSecond ?? MIGRATION_WRITES_PER_SECOND, clock, sleep);
  const write = async <T>(map: string, request: () => Promise<T>): Promise<T> => {
    await pacer.before(map);
    return waitingOutSyncRate(request, { sleep, onWait: () => options.onWait?.(map) });
  };

  const names = await store.listMaps();
  const maps = preShardMapsIn(names).filter((map) => options.only?.(map) ?? true);
  const callLog =
    maps.includes(PRE_SHARD_MAPS.claims) && names.includes(PRE_SHARD_MAPS.calls) ? await store.list(PRE_SHARD_MAPS.calls) : [];
  const callWorkspaces = workspacesOfCalls(callLog);
  const results: MigratedMap[] = [];
  for (const map of maps) {
    const placer = placerFor(map, shards, callWorkspaces);
    if (!placer) {
      // The abuse guard's counters count one minute each: nothing to move, and nothing reads them.
      await write(map, () => store.removeMap(map));
      results.push({ map, moved: 0, left: [], removed: true, what: "the abuse guard's one-minute counters (not moved)" });
      continue;
    }
    const result: MigratedMap = { map, moved: 0, left: [], removed: false, what: placer.what };
    const items = await store.list(map);
    // The call log places its own calls too, by the routes it holds now.
    if (map === PRE_SHARD_MAPS.calls) for (const [callSid, workspace] of workspacesOfCalls(items)) callWorkspaces.set(callSid, workspace);
    for (const item of items) {
      const placement = placer.place(item.key);
      if ('left' in placement) {
        result.left.push({ key: item.key, why: placement.left });
        continue;
      }
      const ttlSeconds = item.expiresAt == null ? undefined : Math.ceil((item.expiresAt - clock()) / 1000);
      if (ttlSeconds === undefined || ttlSeconds > 0) {
        const { map: target, key, replace } = placement;
        if (replace) await write(target, () => store.put(target, key, item.data, ttlSeconds));
        else await write(target, () => store.create(target, key, item.data, ttlSeconds));
      }
      await write(map, () => store.remove(map, item.key));
      result.moved += 1;
    }
    if (result.left.length === 0 && (await store.isEmpty(map))) {
      await write(map, () => store.removeMap(map));
      result.removed = true;
    }
    results.push(result);
  }
  return results;
}

/** The report of a migration, one line per old map (and its items left, each with why). */
export function describeMigration(results: readonly MigratedMap[]): string {
  if (results.length === 0) return 'Nothing to migrate: no map of before sharding remains.\n';
  const lines = results.flatMap((result) => [
    `${result.map}: ${result.what}: ${result.moved} moved${result.left.length ? `, ${result.left.length} left` : ''}; ${
      result.removed ? 'map removed' : 'map kept (run again once what is left has expired or been mended)'
    }`,
    ...result.left.map((item) => `  left ${item.key}: ${item.why}`),
  ]);
  return `${lines.join('\n')}\n`;
}
