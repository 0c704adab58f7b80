// Who asked not to be texted: per workspace and phone, in the phone's shard of the workspace's `optout` maps
// (src/state/shards.ts). Set by a STOP reply or Twilio's 21610; lifted by a START reply. A reply's write is
// retried: a STOP must never be acknowledged and then lost. (Opt-outs recorded before the state was sharded are
// moved here by `npm run config -- push` or `migrate-state`: src/sync/pre-shard-migration.ts.)
import type { StateShards } from '../state/shards';
import type { StateStore } from '../state/store';

/** Pauses before the second and third attempt of a reply's write (the whole stays well inside a webhook's time). */
export const REPLY_WRITE_RETRY_DELAYS_MS = [100, 300];

/** A STOP or START reply could not be recorded, even after retries: the step must not acknowledge it. */
export class OptOutWriteError extends Error {
  override readonly name = 'OptOutWriteError';
}

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
  ) {}

  private map(workspaceId: string, phone: string): string {
    return this.shards.mapFor('optout', workspaceId, phone);
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
    return { optedOut: false, told: item !== null };
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
}
