// What staff answers remember, per user, in the user's own shard of the workspace's `callers` maps
// (src/state/shards.ts; the shard is chosen by the user's phone, so nothing here is touched by every message of a
// deployment, only by the texts that concern that user):
//
//   thread:<number>:<user phone>  the customer whose text was last forwarded to the user from <number>, and when:
//                                 replaced by each forward (one write per forward), kept STAFF_ANSWER_WINDOW_HOURS
//   staff-note:<user phone>       when the user was last told that a text of theirs went nowhere (at most one such
//                                 note an hour: phones auto-reply, and a note must never start a conversation)
//
// Every decision compares the `at` written in the item with the `now` its caller passes (the request's time), so a
// simulated clock, or a Sync TTL that lags, never stretches the window or the hour.
import type { StateShards } from '../state/shards';
import type { JsonObject, StateStore } from '../state/store';

/** A user's text to a business number answers the customer whose text was last forwarded to them from it within this many hours. */
export const STAFF_ANSWER_WINDOW_HOURS = 24;
/** At most one "your text went nowhere" note per user in this many minutes. */
export const STAFF_NOTE_INTERVAL_MINUTES = 60;

const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** The customer a user last got a forward from, on one number. */
export interface StaffThread {
  /** The customer's number (the forwarded text's sender). */
  customer: string;
  /** The forwarded text's MessageSid. */
  messageSid: string;
  /** When it was forwarded (ISO-8601). */
  at: string;
}

export const threadKey = (number: string, userPhone: string): string => `thread:${number}:${userPhone}`;
export const staffNoteKey = (userPhone: string): string => `staff-note:${userPhone}`;

function asThread(data: JsonObject | null): StaffThread | null {
  if (!data || typeof data.customer !== 'string' || typeof data.messageSid !== 'string' || typeof data.at !== 'string') return null;
  return { customer: data.customer, messageSid: data.messageSid, at: data.at };
}

/** The thread if it is still answerable at `now`: forwarded within the window (and not after `now`). */
export function answerableThread(thread: StaffThread | null, now: Date, windowHours = STAFF_ANSWER_WINDOW_HOURS): StaffThread | null {
  if (!thread) return null;
  const at = Date.parse(thread.at);
  if (Number.isNaN(at)) return null;
  const age = now.getTime() - at;
  return age >= 0 && age < windowHours * HOUR_MS ? thread : null;
}

export class StaffThreads {
  constructor(
    private readonly store: StateStore,
    private readonly shards: StateShards,
  ) {}

  private map(workspace: string, userPhone: string): string {
    return this.shards.mapFor('callers', workspace, userPhone);
  }

  /** Remembers that `thread.customer`'s text was just forwarded to the user from `number`. Throws when the store fails. */
  async remember(workspace: string, number: string, userPhone: string, thread: StaffThread): Promise<void> {
    // One request once the user has a thread on this number (replaced by every forward), a create the first time.
    await this.store.update(this.map(workspace, userPhone), threadKey(number, userPhone), { ...thread }, STAFF_ANSWER_WINDOW_HOURS * 3600);
  }

  /** The customer the user's text to `number` answers at `now`, or null (none, or too long ago). Throws when the store fails. */
  async answerable(workspace: string, number: string, userPhone: string, now: Date): Promise<StaffThread | null> {
    return answerableThread(asThread(await this.store.get(this.map(workspace, userPhone), threadKey(number, userPhone))), now);
  }

  /**
   * Claims the user's note for this hour: true when no note was sent to them in the last STAFF_NOTE_INTERVAL_MINUTES
   * (then the claim is written, so a concurrent text finds it). Throws when the store fails.
   */
  async claimNote(workspace: string, userPhone: string, now: Date): Promise<boolean> {
    const map = this.map(workspace, userPhone);
    const key = staffNoteKey(userPhone);
    const ttlSeconds = STAFF_NOTE_INTERVAL_MINUTES * 60;
    const claim = { at: now.toISOString() };
    if (await this.store.create(map, key, claim, ttlSeconds)) return true;
    const last = Date.parse(String((await this.store.get(map, key))?.at ?? ''));
    // Still there at its hour's end (a TTL that lags, or a clock moved on): the hour is over, take it again.
    const elapsed = now.getTime() - last;
    if (!Number.isNaN(last) && elapsed < STAFF_NOTE_INTERVAL_MINUTES * MINUTE_MS) return false;
    await this.store.put(map, key, claim, ttlSeconds);
    return true;
  }
}
