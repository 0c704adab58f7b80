// Reading the history index (./history-index) a few items at a time, so each view costs a bounded number of Sync
// requests whatever the history holds (HISTORY_SHARDS = 5):
//   the charts of N days (N <= 100)      one listing of `d:` per shard                                  5
//   a page of calls (newest first)       one listing of `d:` and one of `r:` per shard                  10
//   an impact replay of 7 days           the same two listings, bounded to the days asked              10
// Each shard keeps its rows in the order their calls ended: per day (newest first) its day item's open rows, then
// its page items, newest first. A page merges the shards' rows by when each call began.
import type { JsonObject, KeyRange, StateItem, StateStore } from '../state/store';
import { HISTORY_SHARDS, dayItemOf, dayKey, historyMap, type DayCounts, type HistoryRow } from './history-index';

/** How many page items a page of calls lists per shard (16 rows each). */
export const PAGE_ITEMS_PER_SHARD = 8;
/** The most page items one listing reads (Sync's page). */
export const MAX_LISTING = 100;

/** The day `days` before a YYYY-MM-DD day (calendar arithmetic, no time zone). */
export function dayBefore(date: string, days: number): string {
  const at = Date.parse(`${date}T00:00:00Z`) - days * 86_400_000;
  return new Date(at).toISOString().slice(0, 10);
}

/** The last `count` days up to `today`, oldest first. */
export function lastDays(today: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => dayBefore(today, count - 1 - index));
}

export interface DayTotals extends DayCounts {
  date: string;
  /** every call counted that day (answered, missed, rejected) */
  calls: number;
}

/** One day's counters summed over the shards' day items. */
function addCounts(into: DayTotals, data: JsonObject): void {
  const day = dayItemOf(data);
  into.answered += day.answered;
  into.missed += day.missed;
  into.voicemail += day.voicemail;
  for (const [user, [rang, answered]] of Object.entries(day.byUser)) {
    const [r, a] = into.byUser[user] ?? [0, 0];
    into.byUser[user] = [r + rang, a + answered];
  }
  for (const [cell, [calls, answered]] of Object.entries(day.byHour)) {
    const [c, a] = into.byHour[cell] ?? [0, 0];
    into.byHour[cell] = [c + calls, a + answered];
    into.calls += calls;
  }
}

const emptyTotals = (date: string): DayTotals => ({ date, calls: 0, answered: 0, missed: 0, voicemail: 0, byUser: {}, byHour: {} });

interface ShardListing {
  days: StateItem[];
  pages: StateItem[];
  /** whether a listing stopped at its limit (more items may lie beyond) */
  moreDays: boolean;
  morePages: boolean;
}

export class HistoryReader {
  constructor(private readonly store: StateStore) {}

  private listing(map: string, range: KeyRange): Promise<StateItem[]> {
    return this.store.listRange(map, range);
  }

  /** Each of these days' counters (oldest first), and the day items' open rows: one listing per shard. */
  async days(workspace: string, dates: readonly string[]): Promise<{ totals: DayTotals[]; rows: HistoryRow[][] }> {
    const first = dates[0]!;
    const last = dates[dates.length - 1]!;
    const perShard = await Promise.all(
      shards().map((shard) =>
        this.listing(historyMap(workspace, shard), {
          from: dayKey(last),
          to: dayKey(first),
          order: 'desc',
          limit: Math.min(MAX_LISTING, dates.length),
        }),
      ),
    );
    const totals = new Map(dates.map((date) => [date, emptyTotals(date)]));
    const rows = perShard.map((items) => items.flatMap((item) => dayItemOf(item.data).rows));
    for (const items of perShard)
      for (const item of items) {
        const date = item.key.slice(2);
        const into = totals.get(date);
        if (into) addCounts(into, item.data);
      }
    return { totals: dates.map((date) => totals.get(date)!), rows };
  }

  /**
   * Each shard's page items from `fromDay` back to `toDay` (at most `limit`, newest first): one listing per shard. With
   * each shard's horizon: when the listing stopped at its limit, the earliest call its oldest page holds (older rows
   * of that shard were not read), else null.
   */
  async pages(workspace: string, fromDay: string, toDay: string, limit: number): Promise<{ rows: HistoryRow[]; horizon: string | null }[]> {
    return Promise.all(
      shards().map(async (shard) => {
        const items = await this.listing(historyMap(workspace, shard), { from: `r:${fromDay}:~`, to: `r:${toDay}:`, order: 'desc', limit });
        const rows = items.flatMap((item) => ((item.data as { rows?: HistoryRow[] }).rows ?? []) as HistoryRow[]);
        const oldest = items.length === limit ? ((items[items.length - 1]!.data as { rows?: HistoryRow[] }).rows ?? []) : [];
        const horizon = oldest.length ? oldest.map((row) => row.a).sort()[0]! : null;
        return { rows, horizon };
      }),
    );
  }

  /** Each shard's day items from `fromDay` back to `toDay` and its page items from `fromDay` back: two listings per shard. */
  async recent(
    workspace: string,
    fromDay: string,
    toDay: string,
    limits: { dayItems: number; pageItems: number },
    pointers?: readonly Pointer[],
  ): Promise<ShardListing[]> {
    return Promise.all(
      shards().map(async (shard) => {
        const pointer = pointers?.[shard];
        if (pointer === 'end') return { days: [], pages: [], moreDays: false, morePages: false };
        const map = historyMap(workspace, shard);
        const dayFrom = pointer ? dayKey(pointer.k.slice(2, 12)) : dayKey(fromDay);
        const pageFrom = pointer ? (pointer.k.startsWith('r:') ? pointer.k : `r:${pointer.k.slice(2, 12)}:~`) : `r:${fromDay}:~`;
        const dayLimit = Math.min(MAX_LISTING, limits.dayItems);
        const pageItems = Math.min(MAX_LISTING, limits.pageItems);
        const [days, pages] = await Promise.all([
          this.listing(map, { from: dayFrom, to: dayKey(toDay), order: 'desc', limit: dayLimit }),
          this.listing(map, { from: pageFrom, to: `r:${toDay}:`, order: 'desc', limit: pageItems }),
        ]);
        return { days, pages, moreDays: days.length === dayLimit, morePages: pages.length === pageItems };
      }),
    );
  }
}

const shards = (): number[] => Array.from({ length: HISTORY_SHARDS }, (_, shard) => shard);

/**
 * Where a shard's stream goes on: the item (`d:<day>` or `r:<day>:<seq>`), how many of its rows (from its oldest)
 * are not yet shown, and for a day item the page number it had (its rows moved to that page item since: go on there).
 */
export type Pointer = { k: string; n: number; q?: number } | 'end' | null;

interface StreamRow {
  row: HistoryRow;
  /** the pointer once this row is shown */
  after: Exclude<Pointer, null>;
}

/** A shard's rows in the order they were kept (newest first) from its pointer, as far as its listings reach. */
export interface ShardStream {
  rows: StreamRow[];
  /** nothing lies beyond these rows */
  complete: boolean;
  /** where the shard goes on once every row here is shown (the last item walked, all shown) */
  resume: Exclude<Pointer, null> | null;
}

export function shardStream(listing: ShardListing, pointer: Pointer): ShardStream {
  const pageSeq = (key: string) => Number(key.slice(13));
  // Items in stream order: by day (newest first), the day item before its page items, pages newest first.
  const items = [...listing.days, ...listing.pages].sort((a, b) => {
    const dayA = a.key.slice(2, 12);
    const dayB = b.key.slice(2, 12);
    if (dayA !== dayB) return dayA < dayB ? 1 : -1;
    if (a.key[0] !== b.key[0]) return a.key[0] === 'd' ? -1 : 1;
    return pageSeq(b.key) - pageSeq(a.key);
  });
  const oldestDay = listing.moreDays ? listing.days[listing.days.length - 1]?.key.slice(2, 12) : undefined;
  const oldestPage = listing.morePages ? listing.pages[listing.pages.length - 1]?.key : undefined;

  // Where the stream starts: a day item whose rows moved to a page since goes on in that page.
  let start = pointer === null || pointer === 'end' ? null : pointer;
  if (start?.k.startsWith('d:')) {
    const day = listing.days.find((item) => item.key === start!.k);
    const seq = day ? dayItemOf(day.data).seq : undefined;
    if (start.q !== undefined && seq !== undefined && seq !== start.q)
      start = { k: `r:${start.k.slice(2)}:${String(start.q).padStart(4, '0')}`, n: start.n };
  }
  const rows: StreamRow[] = [];
  let resume: ShardStream['resume'] = null;
  let started = start === null;
  for (const item of items) {
    if (oldestDay !== undefined && item.key.slice(2, 12) < oldestDay) return { rows, complete: false, resume };
    const kept = item.key.startsWith('d:')
      ? dayItemOf(item.data).rows
      : (((item.data as { rows?: HistoryRow[] }).rows ?? []) as HistoryRow[]);
    let remaining = kept.length;
    if (!started) {
      if (item.key !== start!.k) {
        // Items newer than the pointer were shown already (or the pointer's item expired: start at the next older one).
        if (compareStream(item.key, start!.k) < 0) continue;
      } else remaining = Math.min(start!.n, kept.length);
      started = true;
    }
    const q = item.key.startsWith('d:') ? dayItemOf(item.data).seq : undefined;
    for (let index = remaining - 1; index >= 0; index -= 1)
      rows.push({ row: kept[index]!, after: { k: item.key, n: index, ...(q !== undefined ? { q } : {}) } });
    resume = { k: item.key, n: 0, ...(q !== undefined ? { q } : {}) };
    if (item.key === oldestPage) return { rows, complete: false, resume };
  }
  return { rows, complete: !listing.moreDays && !listing.morePages, resume };
}

/** Stream order of two keys: negative when `a` comes before (is newer than) `b`. */
function compareStream(a: string, b: string): number {
  const dayA = a.slice(2, 12);
  const dayB = b.slice(2, 12);
  if (dayA !== dayB) return dayA < dayB ? 1 : -1;
  if (a[0] !== b[0]) return a[0] === 'd' ? -1 : 1;
  return Number(b.slice(13)) - Number(a.slice(13));
}

export interface RowPage {
  rows: HistoryRow[];
  /** per shard where the next page goes on; null: nothing older */
  next: Pointer[] | null;
}

/**
 * A page of rows, newest first by when each call began: the shards' streams merged, rows `accept` refuses skipped.
 * Stops early (a short page, with a cursor) when a shard's listing ends before the page is full.
 */
export function mergePage(
  streams: readonly ShardStream[],
  pointers: readonly Pointer[],
  limit: number,
  accept: (row: HistoryRow) => boolean,
  /** rows that began before this instant end the listing (a page of calls since a date) */
  until?: string,
): RowPage {
  const at = streams.map(() => 0);
  const next: Pointer[] = pointers.map((pointer) => pointer ?? null);
  const rows: HistoryRow[] = [];
  for (;;) {
    let best = -1;
    let blocked = false;
    streams.forEach((stream, shard) => {
      if (next[shard] === 'end') return;
      if (at[shard]! >= stream.rows.length) {
        if (stream.complete) next[shard] = 'end';
        else {
          blocked = true;
          // Every row it listed is shown: it goes on after the last item walked (always forward, even past empty items).
          if (stream.resume) next[shard] = stream.resume;
        }
        return;
      }
      if (best < 0 || stream.rows[at[shard]!]!.row.a > streams[best]!.rows[at[best]!]!.row.a) best = shard;
    });
    if (blocked || best < 0 || rows.length >= limit) break;
    const taken = streams[best]!.rows[at[best]!]!;
    if (until !== undefined && taken.row.a < until) return { rows, next: null };
    at[best]! += 1;
    next[best] = taken.after;
    if (accept(taken.row)) rows.push(taken.row);
  }
  // A shard that was never reached keeps its pointer; a page that consumed a whole complete stream marks it ended.
  streams.forEach((stream, shard) => {
    if (next[shard] !== 'end' && stream.complete && at[shard]! >= stream.rows.length) next[shard] = 'end';
  });
  return { rows, next: next.every((pointer) => pointer === 'end') ? null : next };
}

/** A cursor for the console: the shards' pointers as URL-safe text. */
export function encodeCursor(pointers: readonly Pointer[]): string {
  return Buffer.from(JSON.stringify({ v: 1, p: pointers })).toString('base64url');
}

export class HistoryCursorError extends Error {
  override readonly name = 'HistoryCursorError';
}

export function decodeCursor(text: string): Pointer[] {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { v?: number; p?: unknown };
    if (value.v !== 1 || !Array.isArray(value.p) || value.p.length !== HISTORY_SHARDS) throw new Error('not a cursor of this history');
    for (const pointer of value.p) {
      if (pointer === null || pointer === 'end') continue;
      const { k, n, q } = pointer as { k?: unknown; n?: unknown; q?: unknown };
      if (
        typeof k !== 'string' ||
        !/^(d:\d{4}-\d{2}-\d{2}|r:\d{4}-\d{2}-\d{2}:\d{4})$/.test(k) ||
        !Number.isInteger(n) ||
        (q !== undefined && !Number.isInteger(q))
      )
        throw new Error('a pointer is malformed');
    }
    return value.p as Pointer[];
  } catch (error) {
    throw new HistoryCursorError(
      `That page link is not valid (${error instanceof Error ? error.message : 'unreadable'}); start again from the newest calls.`,
      {
        cause: error,
      },
    );
  }
}
