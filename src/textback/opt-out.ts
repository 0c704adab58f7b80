// Who asked not to be texted: per workspace and phone, in the phone's shard of the workspace's `optout` maps
// (src/state/shards.ts). Set by a STOP reply or Twilio's 21610; lifted by a START reply. A reply's write is
// retried: a STOP must never be acknowledged and then lost.
//
// Opt-outs do not expire, so those recorded before the state was sharded (one deployment-wide map, `optout`,
// keys `<workspace>:<phone>`) are still honoured: while that map holds anything, a phone not found in its shard
// is looked up there too. Whether it holds anything is asked at most once per LEGACY_CHECK_MS per container, and
// `npm run config -- push` moves its items into the shards and so ends those lookups.
import { LEGACY_MAPS, type StateShards } from '../state/shards';
import type { StateStore } from '../state/store';

export const LEGACY_OPT_OUT_MAP = LEGACY_MAPS.optout;

/** How long a container trusts its answer to "does the legacy opt-out map hold anything?". */
export const LEGACY_CHECK_MS = 10 * 60 * 1000;

/** Pauses before the second and third attempt of a reply's write (the whole stays well inside a webhook's time). */
export const REPLY_WRITE_RETRY_DELAYS_MS = [100, 300];

/** A STOP or START reply could not be recorded, even after retries: the step must not acknowledge it. */
export class OptOutWriteError extends Error {
  override readonly name = 'OptOutWriteError';
}

/** Per store, whether the legacy map held anything when last asked, and when. */
const legacyChecks = new WeakMap<StateStore, { holds: boolean; at: number }>();

export const legacyOptOutKey = (workspaceId: string, phone: string): string => `${workspaceId}:${phone}`;

/** What a phone's item in the workspace's `optout` shard says. */
export interface OptOutStanding {
  optedOut: boolean;
  /** Told how to opt out (a text that said "Reply STOP to opt out"), or opted out. */
  told: boolean;
}

export class OptOuts {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly clock: () => number = () => Date.now(),
  ) {}

  private map(workspaceId: string, phone: string): string {
    return this.shards.mapFor('optout', workspaceId, phone);
  }

  /** Whether the map of before sharding still holds opt-outs (asked once per LEGACY_CHECK_MS). */
  private async legacyHoldsAny(): Promise<boolean> {
    const known = legacyChecks.get(this.store);
    const now = this.clock();
    if (known && now - known.at < LEGACY_CHECK_MS) return known.holds;
    const holds = !(await this.store.isEmpty(LEGACY_OPT_OUT_MAP));
    legacyChecks.set(this.store, { holds, at: now });
    return holds;
  }

  async isOptedOut(workspaceId: string, phone: string): Promise<boolean> {
    return (await this.standing(workspaceId, phone)).optedOut;
  }

  /**
   * Whether `phone` opted out of the workspace's texts, and whether it was told how to (the first text's opt-out
   * line, ./opt-out-line): one read of the phone's item, which holds both. An item `{ optedOut: false, toldAt }`
   * only says it was told; any other item (`{ source, at }`, as STOP writes it) is an opt-out, which was told too.
   */
  async standing(workspaceId: string, phone: string): Promise<OptOutStanding> {
    const item = await this.store.get(this.map(workspaceId, phone), phone);
    if (item !== null && item.optedOut !== false) return { optedOut: true, told: true };
    const told = item !== null;
    const legacy =
      (await this.legacyHoldsAny()) && (await this.store.get(LEGACY_OPT_OUT_MAP, legacyOptOutKey(workspaceId, phone))) !== null;
    return { optedOut: legacy, told: told || legacy };
  }

  /**
   * Records that `phone` was told how to opt out, unless its item exists already (told, or opted out: a STOP that
   * came meanwhile is never overwritten). One create, no read.
   */
  async markTold(workspaceId: string, phone: string, at: Date): Promise<void> {
    await this.store.create(this.map(workspaceId, phone), phone, { optedOut: false, toldAt: at.toISOString() });
  }

  async optOut(workspaceId: string, phone: string, source: string, at: Date): Promise<void> {
    await this.store.put(this.map(workspaceId, phone), phone, { source, at: at.toISOString() });
  }

  async optIn(workspaceId: string, phone: string): Promise<void> {
    await this.store.remove(this.map(workspaceId, phone), phone);
    if (await this.legacyHoldsAny()) await this.store.remove(LEGACY_OPT_OUT_MAP, legacyOptOutKey(workspaceId, phone));
  }

  /**
   * Records a STOP (opt-out) or START (opt-in) reply, trying again after each failure; an OptOutWriteError
   * (with the last failure as its cause) when every attempt failed. Both writes are idempotent.
   */
  async recordReply(
    intent: 'opt-out' | 'opt-in',
    workspaceId: string,
    phone: string,
    at: Date,
    onRetry?: (attempt: number, error: unknown) => void,
  ): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= REPLY_WRITE_RETRY_DELAYS_MS.length; attempt += 1) {
      if (attempt > 0) {
        onRetry?.(attempt, lastError);
        await this.sleep(REPLY_WRITE_RETRY_DELAYS_MS[attempt - 1]!);
      }
      try {
        if (intent === 'opt-out') await this.optOut(workspaceId, phone, 'reply-stop', at);
        else await this.optIn(workspaceId, phone);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new OptOutWriteError(
      `could not record the ${intent} of ${phone} for ${workspaceId} after ${REPLY_WRITE_RETRY_DELAYS_MS.length + 1} attempts`,
      { cause: lastError },
    );
  }

  /**
   * Moves every opt-out of the map of before sharding into its shard, then removes it there: `config push` runs it.
   * Returns how many moved. Safe to run again; a phone opted back in meanwhile is not opted out again, as START
   * removes both.
   */
  async migrateLegacy(): Promise<number> {
    const items = await this.store.list(LEGACY_OPT_OUT_MAP);
    let moved = 0;
    for (const { key, data } of items) {
      const split = key.indexOf(':');
      if (split <= 0) continue;
      const workspaceId = key.slice(0, split);
      const phone = key.slice(split + 1);
      await this.store.put(this.map(workspaceId, phone), phone, data);
      await this.store.remove(LEGACY_OPT_OUT_MAP, key);
      moved += 1;
    }
    legacyChecks.delete(this.store);
    return moved;
  }
}
