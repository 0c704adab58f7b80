// The call log: for each call, what each step of it found, kept in the state store (Sync Maps in production,
// local files otherwise) for the call history's retention (CALL_HISTORY_DAYS, default 90). A call's items live in one shard of its workspace
// (`calls_<workspace>_<k>`, k from its CallSid: see src/state/shards.ts), its place, which every callback
// carries in its signed URL (./callback-state); a request that carries none finds it from the called number's
// workspace and its CallSid (./call-context). (The call log of before sharding, one `calls` map, is moved into the
// shards by `npm run config -- migrate-state`: src/sync/pre-shard-migration.ts.)
// Each step writes its own item
// (`<CallSid>:<step>`), and each leg of the dial its own (`<CallSid>:leg:<LegCallSid>` when it picks up,
// `<CallSid>:accept:<LegCallSid>` when it presses a key after the whisper), so steps and legs never
// overwrite each other and a step that fails loses nothing of the others. Writing never breaks a call: a
// failed write is logged and the call goes on. Reading says whether an entry is absent or could not be
// read: the flow decides differently on each.
import { currentBudget, runWithBudget } from '../budget/budget';
import type { StepLog } from '../log/step-log';
import { shardMapName, type StateShards } from '../state/shards';
import type { JsonObject, StateItem, StateStore, TakeOverResult } from '../state/store';
import type { GatherPrompt, LastAnswered, MenuPath, Rotation, RouteRule, ScreeningResult, TraceEntry } from '../routing/types';
import type { ShardPlace } from './callback-state';

/** How long a call's items are kept unless CALL_HISTORY_DAYS says otherwise. */
export const DEFAULT_CALL_HISTORY_DAYS = 90;
/** The longest retention: a Sync Map item's TTL is at most 31,536,000 s (365 days; error 54011 beyond). */
export const MAX_CALL_HISTORY_DAYS = 365;

/** The TTL of a call's items, in seconds, for a retention in days. */
export function callHistoryTtlSeconds(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_CALL_HISTORY_DAYS)
    throw new RangeError(`the call history's retention must be a whole number of days from 1 to ${MAX_CALL_HISTORY_DAYS}, got ${days}`);
  return days * 24 * 60 * 60;
}

export const CALL_STEPS = ['route', 'dial', 'voicemail', 'transcript', 'recording', 'textback', 'fault'] as const;
export type CallStep = (typeof CALL_STEPS)[number];

/**
 * Steps recorded once per thing, keyed by its own id: `notice:<id>` a notification the call caused (src/notify;
 * the id says which and to whom, e.g. `voicemail:ann`), `reply:<MessageSid>` a text the caller sent afterwards,
 * `tier:<index>` a later ring tier dial-complete rang after the one before went unanswered (TierEntry).
 */
export const ITEM_STEPS = ['notice', 'reply', 'tier'] as const;
export type ItemStep = (typeof ITEM_STEPS)[number];
const ITEM_ID = /^[A-Za-z0-9:_+.-]{1,120}$/;

/** Steps recorded once per leg of the dial, keyed by the leg's own CallSid. */
export const LEG_STEPS = ['leg', 'accept'] as const;
export type LegStep = (typeof LEG_STEPS)[number];

export interface RouteEntry {
  at: string;
  to: string;
  from: string;
  workspace: string | null;
  /** The routing table's rule that decided (src/routing/rules), or `outbound` for a call the apps place. */
  rule: RouteRule;
  action: string;
  legs: string[];
  /** Ids of the users the legs rang for (who a missed call or a reply concerns: src/notify). */
  rungUsers?: string[];
  callerId: string | null;
  reason: string;
  /** Whether phone legs must press a key after the whisper (call connect). */
  callConnect?: boolean;
  /** Whose voicemail greeting the call gets if nobody answers: a user's id, `company` or `default`; null: none. */
  greeting?: string | null;
  /** Faults worked around while routing (a stale configuration served while Sync failed). */
  warnings?: string[];
  /** The abuse guard's count of the caller's calls this minute, this one included, when it counted one: impact replays it. */
  callerCalls?: number;
  /** Why the call went where it did: each rule decide() considered, in order (reasons bounded: routeTrace). */
  trace?: TraceEntry[];
  /** What the route rings, one `<Dial>` after another: each tier's users, seconds and legs (absent: recorded before tiers). */
  tiers?: RouteTier[];
  /** What spam protection did, when it acted. */
  screening?: ScreeningResult;
  /** The phone menu as the call went through it, when it reached one. */
  menu?: MenuPath;
  /** What the caller is being asked, when the route is a prompt (action `gather`): the spam challenge or the menu. */
  gather?: GatherPrompt['purpose'];
  /** False when a caller who is not answered is never texted back (a screened call); absent: texted as usual. */
  textBack?: false;
  /** The inputs the decision was given beyond the caller and the instant: impact replays the call with them. */
  stir?: string;
  presses?: string[];
  rotation?: Rotation;
  lastAnswered?: LastAnswered;
}

/** One ring tier of a route, as the call log keeps it. */
export interface RouteTier {
  users: string[];
  seconds: number;
  legs: string[];
  label: string;
}

/** A later ring tier rung (`tier:<index>`): when, why the one before ended, and what rang. */
export interface TierEntry extends RouteTier {
  at: string;
  tier: number;
  /** How the tier before ended (its DialCallStatus) and why it counted as unanswered. */
  after: { dialStatus: string; reason: string };
}

/** The longest reason a route entry keeps per rule; decide()'s are far shorter, a bound keeps the item within Sync's 16 KiB. */
export const MAX_TRACE_REASON = 300;

/** decide()'s trace as the route entry keeps it: every rule considered, each reason at most MAX_TRACE_REASON characters. */
export function routeTrace(trace: readonly TraceEntry[]): TraceEntry[] {
  return trace.map(({ rule, applied, reason }) => ({
    rule,
    applied,
    reason: reason.length > MAX_TRACE_REASON ? `${reason.slice(0, MAX_TRACE_REASON - 1)}…` : reason,
  }));
}

/** One leg of the dial: it picked up (`leg`), or pressed a key after the whisper (`accept`). */
export interface LegEntry {
  at: string;
  /** `number:+1555...` or `client:<identity>`. */
  leg: string;
  /** The leg's own CallSid (Twilio's DialCallSid when this leg is the one bridged). */
  legCallSid: string;
  /** The leg's CallStatus when it called back (`in-progress` once it picked up). */
  status?: string;
}

export interface DialEntry {
  at: string;
  outcome: 'answered' | 'missed';
  dialStatus: string;
  bridged: boolean;
  /** The leg Twilio bridged (DialCallSid), when it said. */
  dialCallSid?: string | null;
  answeredBy: string | null;
  reason: string;
  /** Where the route this step followed came from: the callback URL, the call log, or decided again. */
  route?: string;
}

export interface RecordingEntry {
  at: string;
  /** Twilio's RE... SID of the recording, when it said. */
  recordingSid?: string | null;
  recordingUrl: string | null;
  durationSeconds: number | null;
}

export type CallOutcome = 'answered' | 'missed' | 'rejected' | 'in-progress';

export interface CallRecord {
  callSid: string;
  outcome: CallOutcome;
  route?: RouteEntry;
  /** Every leg that picked up, by its CallSid. */
  legs?: Record<string, LegEntry>;
  /** Every leg that pressed a key after the whisper, by its CallSid. */
  accepts?: Record<string, LegEntry>;
  dial?: DialEntry;
  voicemail?: RecordingEntry;
  recording?: RecordingEntry;
  textback?: JsonObject;
  /** A step that failed and answered with its fallback: which step, the error, and what the caller got. */
  fault?: JsonObject;
  /** The voicemail's transcript, when transcription is on and Twilio's callback came. */
  transcript?: JsonObject;
  /** Notifications the call caused, by id (`missed-call:<user>`, `voicemail:<user>`...). */
  notices?: Record<string, JsonObject>;
  /** Texts the caller sent after this call, by MessageSid. */
  replies?: Record<string, JsonObject>;
  /** The later ring tiers rung after an unanswered one, by tier index (TierEntry). */
  tiersRung?: Record<string, JsonObject>;
}

/** One entry as read: there, not there, or unknown because the store could not answer. */
export type Lookup<T> = { state: 'found'; entry: T } | { state: 'absent' } | { state: 'unreadable'; error: unknown };

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

export function isCallSid(value: string | undefined): value is string {
  return typeof value === 'string' && CALL_SID.test(value);
}

export function callOutcome(record: Omit<CallRecord, 'outcome'>): CallOutcome {
  if (record.route?.action === 'reject') return 'rejected';
  if (record.dial) return record.dial.outcome;
  // At a prompt (the phone menu, the spam check) the call goes on, unless the caller left it: a caller who hung up at
  // the menu was texted back as missed (call-status); one who hung up at the spam check is never texted.
  if (record.route?.action === 'gather') return record.textback ? 'missed' : 'in-progress';
  if (record.route && record.route.action !== 'dial') return 'missed';
  return 'in-progress';
}

const stepKey = (callSid: string, step: CallStep) => `${callSid}:${step}`;
const legKey = (callSid: string, step: LegStep, legCallSid: string) => `${callSid}:${step}:${legCallSid}`;

/** Where one call's items are kept: a shard of its workspace (null: none). */
export type CallPlace = ShardPlace;

/** The place of a call in this workspace, under this deployment's shard count. */
export function callPlace(shards: StateShards, workspace: string | null, callSid: string): ShardPlace {
  return { workspace, shard: shards.shardOf(callSid) };
}

export function callLogMap(place: CallPlace): string {
  return shardMapName('calls', place.workspace, place.shard);
}

/** One call's record from its items (each keyed `<CallSid>:...`): its steps, legs, notices and replies; other items are left out. */
export function callRecordFromItems(callSid: string, items: readonly StateItem[]): CallRecord {
  const steps: Record<string, unknown> = {};
  const legs: Record<'leg' | 'accept', Record<string, LegEntry>> = { leg: {}, accept: {} };
  const things: Record<ItemStep, Record<string, JsonObject>> = { notice: {}, reply: {}, tier: {} };
  for (const { key, data } of items) {
    const rest = key.slice(callSid.length + 1);
    const split = rest.indexOf(':');
    const step = split < 0 ? rest : rest.slice(0, split);
    const id = split < 0 ? undefined : rest.slice(split + 1);
    if ((LEG_STEPS as readonly string[]).includes(step) && id) legs[step as LegStep][id] = data as unknown as LegEntry;
    else if ((ITEM_STEPS as readonly string[]).includes(step) && id) things[step as ItemStep][id] = data;
    else if ((CALL_STEPS as readonly string[]).includes(step) && id === undefined) steps[step] = data;
  }
  const record = {
    callSid,
    ...steps,
    ...(Object.keys(legs.leg).length ? { legs: legs.leg } : {}),
    ...(Object.keys(legs.accept).length ? { accepts: legs.accept } : {}),
    ...(Object.keys(things.notice).length ? { notices: things.notice } : {}),
    ...(Object.keys(things.reply).length ? { replies: things.reply } : {}),
    ...(Object.keys(things.tier).length ? { tiersRung: things.tier } : {}),
  } as Omit<CallRecord, 'outcome'>;
  return { ...record, outcome: callOutcome(record) };
}

export class CallLog {
  private current: CallPlace | undefined;
  private finder: (() => Promise<CallPlace>) | undefined;
  private placing: Promise<CallPlace> | undefined;

  /**
   * `place`: where the call's items are, or how to find it (resolved on the first read or write, once: a request
   * whose URL carries no place). `ttlSeconds`: how long the items are kept, the call history's retention.
   */
  constructor(
    private readonly store: StateStore,
    private readonly log: StepLog,
    place: CallPlace | (() => Promise<CallPlace>),
    private readonly ttlSeconds: number,
  ) {
    if (typeof place === 'function') this.finder = place;
    else this.current = place;
  }

  /** Where the call's items are kept (resolved first when the log was given a way to find it). */
  async place(): Promise<CallPlace> {
    if (this.current !== undefined) return this.current;
    this.placing ??= this.finder!();
    const found = await this.placing;
    // A moveTo() while it was being found wins.
    this.current ??= found;
    return this.current;
  }

  /** Moves the log to another place before anything is written there: outbound-call, once it knows the workspace. */
  moveTo(place: CallPlace): void {
    this.current = place;
  }

  private async map(): Promise<string> {
    return callLogMap(await this.place());
  }

  /** Records one step of a call; false (and a log line) when it could not be written. */
  async write(callSid: string | undefined, step: CallStep, entry: object): Promise<boolean> {
    if (!this.valid(callSid, step)) return false;
    try {
      await this.store.put(await this.map(), stepKey(callSid, step), entry as JsonObject, this.ttlSeconds);
      return true;
    } catch (error) {
      this.log.error(`call log: could not record ${step}; the call goes on`, error);
      return false;
    }
  }

  /** Records a step only if it is not recorded yet (so an earlier, real outcome is never replaced). */
  async writeFirst(callSid: string | undefined, step: CallStep, entry: object): Promise<'written' | 'exists' | 'failed'> {
    if (!this.valid(callSid, step)) return 'failed';
    try {
      return (await this.store.create(await this.map(), stepKey(callSid, step), entry as JsonObject, this.ttlSeconds))
        ? 'written'
        : 'exists';
    } catch (error) {
      this.log.error(`call log: could not record ${step}; the call goes on`, error);
      return 'failed';
    }
  }

  /**
   * Records what one leg did, under its own CallSid. `attempts` > 1 tries again when a write fails (each
   * attempt in what is left of the request's time budget): for facts that must not be lost, a key press.
   */
  async writeLeg(callSid: string | undefined, step: LegStep, entry: LegEntry, attempts = 1): Promise<boolean> {
    if (!this.valid(callSid, step) || !isCallSid(entry.legCallSid)) {
      if (isCallSid(callSid)) this.log.warn(`call log: not recording ${step}, the leg has no valid CallSid`);
      return false;
    }
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const map = await this.map();
        const put = () => this.store.put(map, legKey(callSid, step, entry.legCallSid), entry as unknown as JsonObject, this.ttlSeconds);
        const budget = currentBudget();
        await (attempt > 1 && budget ? runWithBudget(budget.forRetry(), put) : put());
        return true;
      } catch (error) {
        const last = attempt === attempts;
        this.log.error(`call log: could not record ${step} of ${entry.leg}${last ? '' : '; trying again'}`, error);
      }
    }
    return false;
  }

  /**
   * Records one notice or reply of the call under its id, only if it is not recorded yet: 'exists' means another
   * delivery of the same webhook got there first (a notification is sent once, a reply forwarded once).
   */
  async writeItemFirst(callSid: string | undefined, step: ItemStep, id: string, entry: object): Promise<'written' | 'exists' | 'failed'> {
    if (!this.valid(callSid, step)) return 'failed';
    if (!ITEM_ID.test(id)) {
      this.log.warn(`call log: not recording ${step} "${id.slice(0, 40)}", not a valid id`);
      return 'failed';
    }
    try {
      return (await this.store.create(await this.map(), `${callSid}:${step}:${id}`, entry as JsonObject, this.ttlSeconds))
        ? 'written'
        : 'exists';
    } catch (error) {
      this.log.error(`call log: could not record ${step} ${id}`, error);
      return 'failed';
    }
  }

  /**
   * Records a notice or reply: `settle` replaces one writeItemFirst claimed (its outcome, once known: one update in
   * Sync), otherwise it is created or replaced (a record nobody claimed first: one create when it is new). False
   * when it could not be written.
   */
  async writeItem(
    callSid: string | undefined,
    step: ItemStep,
    id: string,
    entry: object,
    how: 'settle' | 'record' = 'settle',
  ): Promise<boolean> {
    if (!this.valid(callSid, step) || !ITEM_ID.test(id)) return false;
    try {
      const key = `${callSid}:${step}:${id}`;
      if (how === 'settle') await this.store.update(await this.map(), key, entry as JsonObject, this.ttlSeconds);
      else await this.store.put(await this.map(), key, entry as JsonObject, this.ttlSeconds);
      return true;
    } catch (error) {
      this.log.error(`call log: could not record ${step} ${id}`, error);
      return false;
    }
  }

  /**
   * Takes over a notice or reply another invocation claimed and left half-done (src/state/lease.ts): the entry is
   * replaced with `replace(current)` only if nobody wrote it in between, so of two takers one alone goes on.
   * Not taken (and a log line) when the store fails.
   */
  async takeOverItem(
    callSid: string | undefined,
    step: ItemStep,
    id: string,
    replace: (current: JsonObject) => JsonObject | null,
  ): Promise<TakeOverResult> {
    if (!this.valid(callSid, step) || !ITEM_ID.test(id)) return { taken: false, current: null };
    try {
      return await this.store.takeOver(await this.map(), `${callSid}:${step}:${id}`, replace);
    } catch (error) {
      this.log.error(`call log: could not take over ${step} ${id}`, error);
      return { taken: false, current: null };
    }
  }

  /** One step's entry, found, absent, or unreadable (the store could not answer). */
  async lookup<T extends object>(callSid: string | undefined, step: CallStep): Promise<Lookup<T>> {
    if (!isCallSid(callSid)) return { state: 'absent' };
    return this.lookupKey<T>(stepKey(callSid, step), step);
  }

  /** One leg's entry (by the leg's CallSid), found, absent, or unreadable. */
  async lookupLeg(callSid: string | undefined, step: LegStep, legCallSid: string | undefined): Promise<Lookup<LegEntry>> {
    if (!isCallSid(callSid) || !isCallSid(legCallSid)) return { state: 'absent' };
    return this.lookupKey<LegEntry>(legKey(callSid, step, legCallSid), `${step} of leg ${legCallSid}`);
  }

  /** One step's entry, or null (also when it cannot be read: for callers to whom both mean "nothing"). */
  async readStep<T extends object>(callSid: string | undefined, step: CallStep): Promise<T | null> {
    const found = await this.lookup<T>(callSid, step);
    return found.state === 'found' ? found.entry : null;
  }

  /** Everything recorded about a call (one listing of its keys), or null when nothing is or it cannot be read. */
  async read(callSid: string): Promise<CallRecord | null> {
    let items;
    try {
      items = await this.store.list(await this.map(), `${callSid}:`);
    } catch (error) {
      this.log.error(`call log: could not read call ${callSid}`, error);
      return null;
    }
    return items.length === 0 ? null : callRecordFromItems(callSid, items);
  }

  /** Everything recorded about a call (one listing of its keys): found, absent (nothing yet), or unreadable. */
  async lookupCall(callSid: string): Promise<Lookup<CallRecord>> {
    try {
      const items = await this.store.list(await this.map(), `${callSid}:`);
      return items.length === 0 ? { state: 'absent' } : { state: 'found', entry: callRecordFromItems(callSid, items) };
    } catch (error) {
      this.log.error(`call log: could not read call ${callSid}`, error);
      return { state: 'unreadable', error };
    }
  }

  /**
   * The call's notices or replies alone (by id), one listing of their keys and not the whole call's; throws when
   * the store cannot answer.
   */
  async listItems(callSid: string, step: ItemStep): Promise<Record<string, JsonObject>> {
    const prefix = `${callSid}:${step}:`;
    const items = await this.store.list(await this.map(), prefix);
    return Object.fromEntries(items.map((item) => [item.key.slice(prefix.length), item.data]));
  }

  /** One notice or reply of the call (by its id), found, absent, or unreadable: one read, not the whole call. */
  async lookupItem<T extends object>(callSid: string | undefined, step: ItemStep, id: string): Promise<Lookup<T>> {
    if (!isCallSid(callSid) || !ITEM_ID.test(id)) return { state: 'absent' };
    return this.lookupKey<T>(`${callSid}:${step}:${id}`, `${step} ${id}`);
  }

  private async lookupKey<T>(key: string, what: string): Promise<Lookup<T>> {
    try {
      const entry = await this.store.get(await this.map(), key);
      return entry === null ? { state: 'absent' } : { state: 'found', entry: entry as T };
    } catch (error) {
      this.log.error(`call log: could not read ${what}`, error);
      return { state: 'unreadable', error };
    }
  }

  private valid(callSid: string | undefined, step: string): callSid is string {
    if (isCallSid(callSid)) return true;
    this.log.warn(`call log: not recording ${step}, the request has no valid CallSid`);
    return false;
  }
}
