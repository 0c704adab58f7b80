// The call history indexed by time, so a page reads what it shows and not 90 days of the call log. Each workspace has
// HISTORY_SHARDS maps `history_<ws>_<k>` (k from the CallSid). In each, per day of the workspace's time zone:
//   d:<YYYY-MM-DD>        the day item: the shard's counters of the day (answered, missed, voicemail, by user, by
//                         hour of the week) and its newest rows (one compact row per call)
//   r:<YYYY-MM-DD>:<seq>  a page item: rows moved out of the day item once it held ROWS_PER_ITEM (created once)
// A call's outcome adds its row and counts with one conditional update of its day item (a fetch and an If-Match
// write), on maps of their own, so the `calls` shards take no more writes. Readers list a few items per shard:
// the 30-day charts one listing of `d:` per shard, a page of calls a listing of `d:` and one of `r:` per shard.
import { localTime } from '../routing/hours';
import { shardIndex } from '../state/shards';
import type { JsonObject, StateStore } from '../state/store';

/** Fixed, whatever STATE_SHARDS is: every read of the history lists each shard, so reads grow with it; writes get 5 x 20/s. */
export const HISTORY_SHARDS = 5;
/** Rows a day item keeps before they move to a page item (a row is at most MAX_ROW_BYTES: the item stays within Sync's 16 KiB). */
export const ROWS_PER_ITEM = 16;
export const MAX_ROW_BYTES = 700;
/** Conditional writes lost to concurrent ones before a row is given up (logged by the caller). */
const ATTEMPTS = 8;

export type RowOutcome = 'answered' | 'missed' | 'rejected';

/** One call as the index keeps it (short names: many fit in one item). */
export interface HistoryRow {
  /** CallSid */
  s: string;
  /** when the call began (ISO) */
  a: string;
  /** caller, called number */
  f: string;
  t: string;
  /** outcome */
  o: RowOutcome;
  /** the routing rule that decided */
  r: string;
  /** users rung, user who answered */
  n: string[];
  u: string | null;
  /** the caller left a message */
  v?: boolean;
  /** what an impact replay needs of the route (legs, the guard's count, menu keys...: ./history-record); dropped when too long */
  p?: JsonObject;
}

export interface DayCounts {
  answered: number;
  missed: number;
  voicemail: number;
  /** user -> [rang, answered] */
  byUser: Record<string, [number, number]>;
  /** `<weekday 0=Mon>-<hour>` -> [calls, answered] */
  byHour: Record<string, [number, number]>;
}

export interface DayItem extends DayCounts {
  rows: HistoryRow[];
  /** the next page item's number */
  seq: number;
}

export const historyMap = (workspace: string, shard: number): string => `history_${workspace}_${shard}`;
/** Every history map of a workspace (made ahead by `config push`: src/sync/provision). */
export const historyMapsOf = (workspace: string): string[] =>
  Array.from({ length: HISTORY_SHARDS }, (_, shard) => historyMap(workspace, shard));
export const historyShardOf = (callSid: string): number => shardIndex(callSid, HISTORY_SHARDS);
export const dayKey = (date: string): string => `d:${date}`;
export const pageKey = (date: string, seq: number): string => `r:${date}:${String(seq).padStart(4, '0')}`;

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The day (YYYY-MM-DD), weekday (0 = Monday) and hour of an instant in a time zone. */
export function localSlot(instant: Date, timeZone: string): { date: string; weekday: number; hour: number } {
  const local = localTime(instant, timeZone);
  return { date: local.date, weekday: WEEKDAYS.indexOf(local.weekday), hour: Number(local.time.slice(0, 2)) };
}

export const emptyDay = (): DayItem => ({ answered: 0, missed: 0, voicemail: 0, byUser: {}, byHour: {}, rows: [], seq: 0 });

/** A stored day item read back, whatever it holds (a missing field counts 0). */
export function dayItemOf(data: JsonObject | null | undefined): DayItem {
  const value = (data ?? {}) as Partial<DayItem>;
  return {
    answered: value.answered ?? 0,
    missed: value.missed ?? 0,
    voicemail: value.voicemail ?? 0,
    byUser: value.byUser ?? {},
    byHour: value.byHour ?? {},
    rows: Array.isArray(value.rows) ? value.rows : [],
    seq: value.seq ?? 0,
  };
}

/** A row within MAX_ROW_BYTES: the replay's part goes first, then rung users are cut (the counts keep them all). */
export function bounded(row: HistoryRow): HistoryRow {
  let shown = row;
  if (JSON.stringify(shown).length > MAX_ROW_BYTES && shown.p) {
    const { p: _dropped, ...rest } = shown;
    shown = rest;
  }
  while (JSON.stringify(shown).length > MAX_ROW_BYTES && shown.n.length > 0) shown = { ...shown, n: shown.n.slice(0, -1) };
  return shown;
}

/** The day with one more call counted and its row added (or, for a row already there, nothing: a webhook retried). */
export function withCall(day: DayItem, row: HistoryRow, slot: { weekday: number; hour: number }): DayItem | null {
  if (day.rows.some((kept) => kept.s === row.s)) return null;
  const next: DayItem = { ...day, byUser: { ...day.byUser }, byHour: { ...day.byHour }, rows: [...day.rows, bounded(row)] };
  if (row.o === 'answered') next.answered += 1;
  else if (row.o === 'missed') next.missed += 1;
  if (row.v) next.voicemail += 1;
  for (const user of new Set([...row.n, ...(row.u ? [row.u] : [])])) {
    const [rang, answered] = next.byUser[user] ?? [0, 0];
    next.byUser[user] = [rang + 1, answered + (row.u === user ? 1 : 0)];
  }
  const cell = `${slot.weekday}-${slot.hour}`;
  const [calls, answered] = next.byHour[cell] ?? [0, 0];
  next.byHour[cell] = [calls + 1, answered + (row.o === 'answered' ? 1 : 0)];
  return next;
}

/** A day item with room for one more row: a full one's rows move to page `seq` (returned) and it starts again. */
export function openDay(day: DayItem): { day: DayItem; page: { seq: number; rows: HistoryRow[] } | null } {
  if (day.rows.length < ROWS_PER_ITEM) return { day, page: null };
  return { day: { ...day, rows: [], seq: day.seq + 1 }, page: { seq: day.seq, rows: day.rows } };
}

/**
 * The items a shard's day holds after these calls (in the order they ended), as the writer leaves them: the day item
 * and its page items. For tools that build an index at once (the benchmark, tests of the readers).
 */
export function dayItemsOf(rows: readonly HistoryRow[], timeZone: string): { key: string; data: JsonObject }[] {
  if (rows.length === 0) return [];
  const date = localSlot(new Date(rows[0]!.a), timeZone).date;
  const pages: { key: string; data: JsonObject }[] = [];
  let day = emptyDay();
  for (const row of rows) {
    const opened = openDay(day);
    if (opened.page) pages.push({ key: pageKey(date, opened.page.seq), data: { rows: opened.page.rows } as unknown as JsonObject });
    day = withCall(opened.day, row, localSlot(new Date(row.a), timeZone)) ?? opened.day;
  }
  return [...pages, { key: dayKey(date), data: day as unknown as JsonObject }];
}

export class HistoryIndexError extends Error {
  override readonly name = 'HistoryIndexError';
}

/**
 * Writes to the index: one conditional update of the call's day item (created when it is the day's first call of
 * its shard), and, when the day item is full, its rows moved to a page item first (once per ROWS_PER_ITEM calls).
 */
export class HistoryIndexWriter {
  constructor(
    private readonly store: StateStore,
    private readonly ttlSeconds: number,
  ) {}

  /** Adds a call (its row and counts) to its day. */
  async addCall(workspace: string, timeZone: string, row: HistoryRow): Promise<void> {
    const slot = localSlot(new Date(row.a), timeZone);
    await this.change(workspace, row.s, slot.date, (day) => withCall(day, row, slot));
  }

  private async change(
    workspace: string,
    callSid: string,
    date: string,
    apply: (day: DayItem, data: JsonObject) => DayItem | null,
  ): Promise<void> {
    const map = historyMap(workspace, historyShardOf(callSid));
    const key = dayKey(date);
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      let flushed: Promise<boolean> | null = null;
      const result = await this.store.takeOver(map, key, (data) => {
        const opened = openDay(dayItemOf(data));
        // Full: its rows go to page item `seq` (the same rows for every writer of this revision: created once).
        if (opened.page)
          flushed = this.store.create(
            map,
            pageKey(date, opened.page.seq),
            { rows: opened.page.rows } as unknown as JsonObject,
            this.ttlSeconds,
          );
        const next = apply(opened.day, data);
        return next === null ? null : ({ ...data, ...next } as unknown as JsonObject);
      });
      if (flushed) await flushed;
      if (result.taken) return;
      if (result.current === null) {
        // The day's first call in this shard.
        const first = apply(emptyDay(), {});
        if (first === null || (await this.store.create(map, key, first as unknown as JsonObject, this.ttlSeconds))) return;
        continue;
      }
      // Declined (already counted) or another writer got there first: read again.
      if (apply(dayItemOf(result.current), result.current) === null) return;
    }
    throw new HistoryIndexError(`could not add call ${callSid} to ${map}/${key}: ${ATTEMPTS} concurrent updates in a row`);
  }
}
