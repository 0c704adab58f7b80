// Where a reply is recorded, once: in the caller's history. With a last call, the `reply:<MessageSid>` item of that
// call's log (src/calls/call-log.ts, read back with the call as `replies`); without one, a per-message item,
// `reply:<MessageSid>` in the sender's shard of the workspace's `callers` maps. Either is created only if absent
// (Twilio retries a webhook: the retry finds it and forwards nothing), then replaced with the outcome.
import { CallLog } from '../calls/call-log';
import type { LastCall } from '../calls/last-call';
import type { StepLog } from '../log/step-log';
import type { StateShards } from '../state/shards';
import type { JsonObject, StateStore } from '../state/store';
import type { MediaItem } from './message';
import type { StaffAnswer } from './staff-answer';

/** One person a reply was forwarded to, and what became of that text. */
export interface ForwardEntry {
  user: string;
  to: string;
  status: 'sent' | 'outbox' | 'opted-out' | 'failed';
  messageSid?: string;
  detail?: string;
}

/** A reply as the caller's history keeps it. */
export interface ReplyEntry {
  at: string;
  messageSid: string;
  workspace: string;
  from: string;
  to: string;
  body: string;
  media: MediaItem[];
  /** The call it is filed with (the caller's last call), or null. */
  callSid: string | null;
  /** `forwarding` while being sent; then `forwarded` (every forward went), `partial`, `failed`, or `not-forwarded` (nobody to send to). */
  status: 'forwarding' | 'forwarded' | 'partial' | 'failed' | 'not-forwarded';
  /** Whom the forward concerned and why (the recipient rule, who was left out). */
  why: string;
  /** The forward's text, the same for every recipient. */
  forwardBody: string | null;
  forwarded: ForwardEntry[];
  /** The message.received deliveries to the workspace's webhooks. */
  events?: { url: string; status: 'delivered' | 'failed' }[];
  /** A text from a user's own phone: whom it answered (the customer; kept in their history too), or why nobody (./staff-answer). */
  answer?: StaffAnswer;
}

export type ClaimResult = 'written' | 'exists' | 'failed';

export interface ReplyLedger {
  /** The call the reply is filed with, or null for a per-message item. */
  readonly callSid: string | null;
  /** Records the reply if it is not recorded yet: 'exists' means another delivery of the same message got there first. */
  claim(entry: ReplyEntry): Promise<ClaimResult>;
  /** Replaces the entry with its outcome; false when it could not be written. */
  settle(entry: ReplyEntry): Promise<boolean>;
  read(messageSid: string): Promise<ReplyEntry | null>;
}

export const replyKey = (messageSid: string): string => `reply:${messageSid}`;

/** In the log of the caller's last call. */
class CallReplyLedger implements ReplyLedger {
  private readonly callLog: CallLog;
  constructor(
    store: StateStore,
    log: StepLog,
    readonly last: LastCall,
    ttlSeconds: number,
  ) {
    this.callLog = new CallLog(store, log, last.place, ttlSeconds);
  }

  get callSid(): string {
    return this.last.callSid;
  }

  claim(entry: ReplyEntry): Promise<ClaimResult> {
    return this.callLog.writeItemFirst(this.last.callSid, 'reply', entry.messageSid, entry);
  }

  settle(entry: ReplyEntry): Promise<boolean> {
    return this.callLog.writeItem(this.last.callSid, 'reply', entry.messageSid, entry);
  }

  async read(messageSid: string): Promise<ReplyEntry | null> {
    const found = await this.callLog.lookupItem<ReplyEntry>(this.last.callSid, 'reply', messageSid);
    return found.state === 'found' ? found.entry : null;
  }
}

/** A per-message item in the sender's `callers` shard, for a reply with no call to file it with. */
class MessageReplyLedger implements ReplyLedger {
  readonly callSid = null;
  private readonly map: string;
  constructor(
    private readonly store: StateStore,
    private readonly log: StepLog,
    shards: StateShards,
    workspace: string,
    sender: string,
    private readonly ttlSeconds: number,
  ) {
    this.map = shards.mapFor('callers', workspace, sender);
  }

  async claim(entry: ReplyEntry): Promise<ClaimResult> {
    try {
      return (await this.store.create(this.map, replyKey(entry.messageSid), entry as unknown as JsonObject, this.ttlSeconds)) ? 'written' : 'exists';
    } catch (error) {
      this.log.error(`could not record the reply ${entry.messageSid}`, error);
      return 'failed';
    }
  }

  async settle(entry: ReplyEntry): Promise<boolean> {
    try {
      await this.store.update(this.map, replyKey(entry.messageSid), entry as unknown as JsonObject, this.ttlSeconds);
      return true;
    } catch (error) {
      this.log.error(`could not record the outcome of the reply ${entry.messageSid}`, error);
      return false;
    }
  }

  async read(messageSid: string): Promise<ReplyEntry | null> {
    return (await this.store.get(this.map, replyKey(messageSid))) as unknown as ReplyEntry | null;
  }
}

/** Where replies are kept, and for how long (`ttlSeconds`: the call history's retention, callHistoryTtlSeconds). */
export interface LedgerDeps {
  store: StateStore;
  shards: StateShards;
  log: StepLog;
  ttlSeconds: number;
}

/** The ledger of a reply from `sender` to `workspace`: its last call's log, else a per-message item. */
export function replyLedger(deps: LedgerDeps, workspace: string, sender: string, last: LastCall | null): ReplyLedger {
  return last ? new CallReplyLedger(deps.store, deps.log, last, deps.ttlSeconds) : new MessageReplyLedger(deps.store, deps.log, deps.shards, workspace, sender, deps.ttlSeconds);
}
