// The abuse guard, beyond HighLevel's account-wide blocks: a caller who calls one workspace more than
// `limit` times in a minute is rejected without ringing anyone or texting. Counted atomically with the
// state store's create-fails-on-existing (slot 1, 2, ... limit+1 of the current minute, each with a TTL),
// so concurrent calls can never both take the same slot, in Sync and locally alike.
import type { StateStore } from '../state/store';

export const CALLER_GUARD_MAP = 'caller-rate';
const MINUTE_MS = 60_000;
const SLOT_TTL_SECONDS = 120;

export type GuardVerdict = { allowed: true; count: number } | { allowed: false; count: number };

export class CallerGuard {
  constructor(
    private readonly store: StateStore,
    private readonly limit: number,
  ) {}

  /** Takes the caller's next slot this minute; refused once `limit` slots are taken. limit 0: off. */
  async admit(workspaceId: string, caller: string, now: Date): Promise<GuardVerdict> {
    if (this.limit <= 0) return { allowed: true, count: 0 };
    const minute = Math.floor(now.getTime() / MINUTE_MS);
    for (let slot = 1; slot <= this.limit + 1; slot += 1) {
      const created = await this.store.create(CALLER_GUARD_MAP, `${workspaceId}:${caller}:${minute}:${slot}`, { at: now.toISOString() }, SLOT_TTL_SECONDS);
      if (created) return slot <= this.limit ? { allowed: true, count: slot } : { allowed: false, count: slot };
    }
    return { allowed: false, count: this.limit + 1 };
  }
}
