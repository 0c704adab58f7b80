// The per-sender cap: however a loop starts (a customer's phone and a user's phone that both auto-reply, through a
// staff answer and the forward of its auto-reply), one sender's texts to a workspace cause at most
// MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR passings-on an hour (a forward to the users, a staff answer to the customer,
// a note back to the user); past it the text is still kept, nothing is sent, and the log says so. One counter per
// sender per clock hour, `caused:<sender>:<hour>` in the sender's shard of the workspace's `callers` maps, raised
// atomically by the state store (as the abuse guard's per-minute counter is).
import type { StepLog } from '../log/step-log';
import type { StateShards } from '../state/shards';
import type { StateStore } from '../state/store';

/** How many of one sender's texts an hour may cause texts from us (each forward to its users, answer or note counts once). */
export const MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR = 20;

const HOUR_MS = 60 * 60 * 1000;
/** The counter outlives its hour a little (a late request still finds it), then expires. */
const COUNTER_TTL_SECONDS = 2 * 60 * 60;

export const causedKey = (sender: string, hour: number): string => `caused:${sender}:${hour}`;

/** Whether a text may cause texts from us: `null` when it may, else why it was held. */
export type CapVerdict = string | null;

export class SenderCap {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
    private readonly log: StepLog,
    private readonly limit: number = MAX_TEXTS_PASSED_ON_PER_SENDER_PER_HOUR,
  ) {}

  /**
   * Counts one text of `sender` that is about to cause `what`, at `now`. Held (a reason) once the sender is over the
   * limit this hour. A counter that cannot be read or written lets the text through (the log says so): a lost
   * answer or forward costs a lead, and the count is back with the store.
   */
  async admit(workspace: string, sender: string, now: Date, what: string, messageSid: string): Promise<CapVerdict> {
    const hour = Math.floor(now.getTime() / HOUR_MS);
    let count: number;
    try {
      count = await this.store.countUp(
        this.shards.mapFor('callers', workspace, sender),
        causedKey(sender, hour),
        this.limit,
        COUNTER_TTL_SECONDS,
      );
    } catch (error) {
      this.log.error(`sender cap: could not count ${sender}'s texts this hour; ${what} of ${messageSid} goes ahead uncounted`, error);
      return null;
    }
    if (count <= this.limit) return null;
    const why = `held by the sender cap: ${sender}'s texts to ${workspace} already caused ${this.limit} texts from us this hour (at most ${this.limit} an hour, so auto-replying phones cannot loop)`;
    this.log.warn(`sender cap acted: ${what} of ${messageSid} not sent; ${why}`);
    return why;
  }
}
