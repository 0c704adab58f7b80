// Where a reply is recorded, once: in the caller's history. With a last call, the `reply:<MessageSid>` item of that
// call's log (src/calls/call-log.ts, read back with the call as `replies`); without one, a per-message item,
// `reply:<MessageSid>` in the sender's shard of the workspace's `callers` maps. Either is created only if absent
// (Twilio retries a webhook: the retry finds it and forwards nothing), then replaced with the outcome. A record
// still `forwarding` past the lease (src/state/lease.ts: the invocation that recorded it died before forwarding) is
// taken over by the delivery that finds it (compare-and-set: one taker), which forwards it and records how late.
import { CallLog } from '../calls/call-log';
import type { LastCall } from '../calls/last-call';
import type { StepLog } from '../log/step-log';
import { isOwnClaim, lapsedClaim, newClaimToken, recoveryOf } from '../state/lease';
import type { StateShards } from '../state/shards';
import type { JsonObject, StateStore, TakeOverResult } from '../state/store';
import type { InboundText, MediaItem } from './message';
import type { StaffAnswer } from './staff-answer';
import type { DndCommandRecord } from './do-not-disturb';

/** One person a reply was forwarded to, and what became of that text. */
export interface ForwardEntry {
  user: string;
  to: string;
  status: 'sent' | 'outbox' | 'opted-out' | 'failed';
  /** The first text's SID; `messageSids` lists every one when the forward took more than one text. */
  messageSid?: string;
  messageSids?: string[];
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
  /** The forward's (first) text, the same for every recipient. */
  forwardBody: string | null;
  /** The texts that followed it, when the words and links took more than one (src/replies/message). */
  forwardMore?: string[];
  /**
   * `may-be-opt-out`: the text holds an opt-out keyword but not alone ("Stop by at 3pm"): forwarded with a note, no
   * opt-out recorded, a person decides. `help`: HELP or INFO alone, answered (`answered`) and forwarded.
   */
  mark?: 'may-be-opt-out' | 'help';
  /** The answer to HELP sent to the sender, and what became of it. */
  answered?: { body: string; status: ForwardEntry['status']; messageSid?: string; messageSids?: string[]; detail?: string };
  forwarded: ForwardEntry[];
  /** The message.received deliveries to the workspace's webhooks. */
  events?: { url: string; status: 'delivered' | 'failed' }[];
  /** Forwarded by a later delivery, after the one that recorded it died half-way: when, and how late. */
  recoveredAt?: string;
  delaySeconds?: number;
  /** A text from a user's own phone: whom it answered (the customer; kept in their history too), or why nobody (./staff-answer). */
  answer?: StaffAnswer;
  /** A command from a user's own phone (`DND on` / `DND off`, ./do-not-disturb): what it set, and the confirmation sent. */
  command?: DndCommandRecord;
  /**
   * Which delivery wrote the record (random, one per delivery): a delivery whose write landed but whose answer was
   * lost (a timeout, a dropped connection) finds its own record, and goes on, instead of taking it for another's.
   */
  claim?: string;
}

/**
 * A text's record as it is claimed: the text as it came, filed with `callSid`, `forwarding` until it is settled;
 * `how` says why and what is to be sent (and, for a user's own text, whom it answers).
 */
export function openReplyEntry(
  text: InboundText & { messageSid: string },
  workspaceId: string,
  callSid: string | null,
  now: Date,
  how: Pick<ReplyEntry, 'why' | 'forwardBody'> & Partial<Pick<ReplyEntry, 'forwardMore' | 'mark' | 'answer' | 'command'>>,
): ReplyEntry {
  return {
    at: now.toISOString(),
    messageSid: text.messageSid,
    workspace: workspaceId,
    from: text.from,
    to: text.to,
    body: text.body,
    media: text.media,
    callSid,
    status: 'forwarding',
    forwarded: [],
    ...how,
    claim: newClaimToken(),
  };
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
  /**
   * Other replies kept with this one (the same call's) that a delivery recorded and died before forwarding (`forwarding`
   * past the lease), for the sender's next text to finish: one listing of the call's replies alone. None for a per-message record (its shard holds
   * every stranger's replies: listing it is not bounded), which only its webhook's retry finishes.
   */
  unfinished(now: Date, except: string): Promise<ReplyEntry[]>;
}

export const replyKey = (messageSid: string): string => `reply:${messageSid}`;

/**
 * A reply found recorded: taken over when it is still `forwarding` past the lease (its first delivery died before
 * forwarding it). `entry` is this delivery's (its `at` is now); the record keeps when the text first came.
 */
class LapsedForward {
  /** What this delivery's outcome adds once it took the record over: the first time, when, how late (reset by each claim). */
  late: Partial<ReplyEntry> = {};

  constructor(private readonly log: StepLog) {}

  replace(entry: ReplyEntry): (current: JsonObject) => JsonObject | null {
    return (current) =>
      isOwnClaim(current, entry.claim)
        ? current
        : lapsedClaim(current, 'forwarding', new Date(entry.at))
          ? ({ ...entry, at: current.at, recoveredAt: entry.at } as unknown as JsonObject)
          : null;
  }

  /**
   * What a claim comes to after its create did not say "written": `created` is 'exists' (the key was there) or
   * 'failed' (no answer: the create may have landed), `result` the takeover tried next.
   */
  settled(result: TakeOverResult, entry: ReplyEntry, created: 'exists' | 'failed' = 'exists'): ClaimResult {
    if (result.taken && isOwnClaim(result.previous, entry.claim)) {
      this.log.warn(`reply ${entry.messageSid}: recorded, though the store's answer was lost; going on`);
      return 'written';
    }
    if (!result.taken) return created === 'failed' && result.current === null ? 'failed' : 'exists';
    const firstAt = typeof result.previous.at === 'string' ? result.previous.at : entry.at;
    this.late = { at: firstAt, ...recoveryOf(firstAt, new Date(entry.at)) };
    this.log.warn(
      `reply ${entry.messageSid}: recorded at ${firstAt} and never forwarded (its delivery died); forwarding it now, ${this.late.delaySeconds} s late`,
    );
    return 'written';
  }
}

/** In the log of the caller's last call. */
class CallReplyLedger implements ReplyLedger {
  private readonly callLog: CallLog;
  private readonly lapsed: LapsedForward;
  constructor(
    store: StateStore,
    log: StepLog,
    readonly last: LastCall,
    ttlSeconds: number,
  ) {
    this.callLog = new CallLog(store, log, last.place, ttlSeconds);
    this.lapsed = new LapsedForward(log);
  }

  get callSid(): string {
    return this.last.callSid;
  }

  async claim(entry: ReplyEntry): Promise<ClaimResult> {
    this.lapsed.late = {};
    const first = await this.callLog.writeItemFirst(this.last.callSid, 'reply', entry.messageSid, entry);
    if (first === 'written') return first;
    return this.lapsed.settled(
      await this.callLog.takeOverItem(this.last.callSid, 'reply', entry.messageSid, this.lapsed.replace(entry)),
      entry,
      first,
    );
  }

  settle(entry: ReplyEntry): Promise<boolean> {
    return this.callLog.writeItem(this.last.callSid, 'reply', entry.messageSid, { ...entry, ...this.lapsed.late });
  }

  async read(messageSid: string): Promise<ReplyEntry | null> {
    const found = await this.callLog.lookupItem<ReplyEntry>(this.last.callSid, 'reply', messageSid);
    return found.state === 'found' ? found.entry : null;
  }

  async unfinished(now: Date, except: string): Promise<ReplyEntry[]> {
    const replies = await this.callLog.listItems(this.last.callSid, 'reply');
    return Object.entries(replies)
      .filter(([messageSid, entry]) => messageSid !== except && lapsedClaim(entry, 'forwarding', now))
      .map(([, entry]) => entry as unknown as ReplyEntry);
  }
}

/** A per-message item in the sender's `callers` shard, for a reply with no call to file it with. */
class MessageReplyLedger implements ReplyLedger {
  readonly callSid = null;
  private readonly map: string;
  private readonly lapsed: LapsedForward;
  constructor(
    private readonly store: StateStore,
    private readonly log: StepLog,
    shards: StateShards,
    workspace: string,
    sender: string,
    private readonly ttlSeconds: number,
  ) {
    this.map = shards.mapFor('callers', workspace, sender);
    this.lapsed = new LapsedForward(log);
  }

  async claim(entry: ReplyEntry): Promise<ClaimResult> {
    this.lapsed.late = {};
    let created: 'written' | 'exists' | 'failed';
    try {
      created = (await this.store.create(this.map, replyKey(entry.messageSid), entry as unknown as JsonObject, this.ttlSeconds))
        ? 'written'
        : 'exists';
    } catch (error) {
      this.log.error(`could not record the reply ${entry.messageSid}`, error);
      created = 'failed';
    }
    if (created === 'written') return created;
    try {
      return this.lapsed.settled(
        await this.store.takeOver(this.map, replyKey(entry.messageSid), this.lapsed.replace(entry)),
        entry,
        created,
      );
    } catch (error) {
      this.log.error(`could not read back the reply ${entry.messageSid}`, error);
      return 'failed';
    }
  }

  async settle(entry: ReplyEntry): Promise<boolean> {
    try {
      await this.store.update(
        this.map,
        replyKey(entry.messageSid),
        { ...entry, ...this.lapsed.late } as unknown as JsonObject,
        this.ttlSeconds,
      );
      return true;
    } catch (error) {
      this.log.error(`could not record the outcome of the reply ${entry.messageSid}`, error);
      return false;
    }
  }

  async read(messageSid: string): Promise<ReplyEntry | null> {
    return (await this.store.get(this.map, replyKey(messageSid))) as unknown as ReplyEntry | null;
  }

  async unfinished(): Promise<ReplyEntry[]> {
    return [];
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
  return last
    ? new CallReplyLedger(deps.store, deps.log, last, deps.ttlSeconds)
    : new MessageReplyLedger(deps.store, deps.log, deps.shards, workspace, sender, deps.ttlSeconds);
}
