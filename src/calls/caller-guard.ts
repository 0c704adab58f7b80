// The abuse guard's counter, beyond HighLevel's account-wide blocks: a caller who calls one workspace more than
// `limit` times in a minute is rejected without ringing anyone or texting. This keeps the count (stateful, taken
// before the decision); the routing table's `abuse-guard` rule judges it (src/routing/rules). One counter per caller per minute,
// `guard:<phone>:<minute>` in the caller's shard of the workspace's `callers` maps (src/state/shards.ts),
// raised atomically by the state store (in Sync: one create, or a fetch and an If-Match update), so the cost of a
// call is a small fixed number of requests whatever the caller's count, and concurrent calls never share a count.
import type { StateShards } from '../state/shards';
import type { StateStore } from '../state/store';

const MINUTE_MS = 60_000;
const COUNTER_TTL_SECONDS = 120;

export class CallerGuard {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
    private readonly limit: number,
  ) {}

  /**
   * Counts the call in the caller's counter for this minute: the caller's calls this minute, this one included (the
   * counter stops one past `limit`, all the rule needs). limit 0: the guard is off, nothing is counted (null).
   */
  async count(workspaceId: string, caller: string, now: Date): Promise<number | null> {
    if (this.limit <= 0) return null;
    const minute = Math.floor(now.getTime() / MINUTE_MS);
    return this.store.countUp(
      this.shards.mapFor('callers', workspaceId, caller),
      `guard:${caller}:${minute}`,
      this.limit,
      COUNTER_TTL_SECONDS,
    );
  }
}
