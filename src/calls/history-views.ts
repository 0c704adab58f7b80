// What the console's pages show of the history index, each from a bounded number of reads (./history-read): a page
// of calls, the home page's figures (30 days of calls per day, answer rate by user and by hour of the week, callers
// to call back), a workspace's missed calls of today, and the recent calls an impact replays.
import { callerOf } from '../phone/caller-id';
import type { HistoryRow } from './history-index';
import { localSlot } from './history-index';
import { type HistoryReader, dayBefore, decodeCursor, encodeCursor, lastDays, mergePage, shardStream, type Pointer } from './history-read';
import { routeOfRow } from './history-record';
import type { RouteEntry } from './call-log';

/** A call as a page lists it (the names of the call log's record, so a page renders either). */
export interface CallRow {
  callSid: string;
  at: string;
  workspace: string;
  outcome: HistoryRow['o'];
  voicemail: boolean;
  answeredBy: string | null;
  route: { at: string; from: string; to: string; rule: string; action?: string; legs?: string[]; rungUsers: string[] };
}

export function callRowOf(row: HistoryRow, workspace: string): CallRow {
  const replay = (row.p ?? {}) as { action?: string; legs?: string[] };
  return {
    callSid: row.s,
    at: row.a,
    workspace,
    outcome: row.o,
    voicemail: row.v === true,
    answeredBy: row.u,
    route: {
      at: row.a,
      from: row.f,
      to: row.t,
      rule: row.r,
      ...(replay.action ? { action: replay.action } : {}),
      ...(replay.legs ? { legs: replay.legs } : {}),
      rungUsers: row.n,
    },
  };
}

/** How far back a page of calls may go (the history's retention). */
export interface PageQuery {
  cursor?: string;
  limit: number;
  accept: (row: HistoryRow) => boolean;
  /** only calls that began at or after this instant */
  since?: Date;
}

/** A page of a workspace's calls, newest first, and the cursor of the next (older) one: two listings per shard. */
export async function callsPage(
  reader: HistoryReader,
  workspace: string,
  timeZone: string,
  now: Date,
  retentionDays: number,
  query: PageQuery,
): Promise<{ calls: CallRow[]; next: string | null }> {
  const pointers: Pointer[] = query.cursor ? decodeCursor(query.cursor) : Array.from({ length: 5 }, () => null);
  const today = localSlot(now, timeZone).date;
  const listings = await reader.recent(workspace, today, dayBefore(today, retentionDays), { dayItems: 2, pageItems: 8 }, pointers);
  const streams = listings.map((listing, shard) => shardStream(listing, pointers[shard] ?? null));
  const since = query.since?.toISOString();
  const page = mergePage(streams, pointers, query.limit, query.accept, since);
  return { calls: page.rows.map((row) => callRowOf(row, workspace)), next: page.next ? encodeCursor(page.next) : null };
}

export interface HomeFigures {
  timeZone: string;
  days: { date: string; answered: number; missed: number; voicemail: number }[];
  byUser: { user: string; rang: number; answered: number }[];
  byHour: { weekday: number; hour: number; calls: number; answered: number }[];
  callBack: { caller: string; lastMissedAt: string; missedCalls: number; callSid: string; callerName: string | null }[];
}

/** How far back "callers to call back" looks. */
export const CALL_BACK_DAYS = 7;

/** The home page's figures: one listing of 30 day items per shard, and one of the last week's page items per shard. */
export async function homeFigures(
  reader: HistoryReader,
  workspace: string,
  timeZone: string,
  now: Date,
  dayCount = 30,
): Promise<HomeFigures> {
  const today = localSlot(now, timeZone).date;
  const dates = lastDays(today, dayCount);
  const weekAgo = dayBefore(today, CALL_BACK_DAYS - 1);
  const [{ totals, rows: openRows }, pages] = await Promise.all([
    reader.days(workspace, dates),
    reader.pages(workspace, today, weekAgo, 20),
  ]);
  const byUser = new Map<string, [number, number]>();
  const byHour = new Map<string, [number, number]>();
  for (const day of totals) {
    for (const [user, [rang, answered]] of Object.entries(day.byUser)) {
      const [r, a] = byUser.get(user) ?? [0, 0];
      byUser.set(user, [r + rang, a + answered]);
    }
    for (const [cell, [calls, answered]] of Object.entries(day.byHour)) {
      const [c, a] = byHour.get(cell) ?? [0, 0];
      byHour.set(cell, [c + calls, a + answered]);
    }
  }
  // The rows read: the day items' open rows of the last week and its page items, as far back as every shard reaches.
  const horizon = pages.reduce<string>((latest, shard) => (shard.horizon && shard.horizon > latest ? shard.horizon : latest), '');
  const weekStart = `${weekAgo}`;
  const rows = [...openRows.flat(), ...pages.flatMap((shard) => shard.rows)].filter(
    (row) => row.a >= horizon && localSlot(new Date(row.a), timeZone).date >= weekStart,
  );
  return {
    timeZone,
    days: totals.map(({ date, answered, missed, voicemail }) => ({ date, answered, missed, voicemail })),
    byUser: [...byUser].map(([user, [rang, answered]]) => ({ user, rang, answered })).sort((a, b) => a.user.localeCompare(b.user)),
    byHour: [...byHour]
      .map(([cell, [calls, answered]]) => {
        const [weekday, hour] = cell.split('-').map(Number) as [number, number];
        return { weekday, hour, calls, answered };
      })
      .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
    callBack: callersToCallBack(rows),
  };
}

/**
 * Missed callers nobody reached since: for each caller (a real number, not withheld), the missed calls after the last
 * time they were reached (a later answered call from them, or a call placed to them), oldest first.
 */
export function callersToCallBack(rows: readonly HistoryRow[]): HomeFigures['callBack'] {
  const pending = new Map<string, { lastMissedAt: string; missedCalls: number; callSid: string }>();
  for (const row of [...rows].sort((a, b) => a.a.localeCompare(b.a) || a.s.localeCompare(b.s))) {
    if (row.r === 'outbound') {
      pending.delete(row.t);
      continue;
    }
    if (callerOf(row.f).withheld) continue;
    if (row.o === 'answered') pending.delete(row.f);
    else if (row.o === 'missed') {
      const earlier = pending.get(row.f);
      pending.set(row.f, { lastMissedAt: row.a, missedCalls: (earlier?.missedCalls ?? 0) + 1, callSid: row.s });
    }
  }
  return [...pending]
    .map(([caller, entry]) => ({ caller, ...entry, callerName: null }))
    .sort((a, b) => a.lastMissedAt.localeCompare(b.lastMissedAt) || a.caller.localeCompare(b.caller));
}

/** A workspace's missed calls today, in its time zone: one listing of today's day item per shard. */
export async function missedToday(reader: HistoryReader, workspace: string, timeZone: string, now: Date): Promise<number> {
  const today = localSlot(now, timeZone).date;
  const { totals } = await reader.days(workspace, [today]);
  return totals[0]!.missed;
}

/**
 * The recent calls an impact replays (those of the days from `since`'s, in the workspace's zone), as the call log's records: the newest
 * the listings reach (day items and up to 100 page items per shard), and how many of the period's calls they left out.
 */
export async function recentForImpact(
  reader: HistoryReader,
  workspace: string,
  timeZone: string,
  now: Date,
  since: Date,
): Promise<{ calls: { callSid: string; route: RouteEntry }[]; unread: number }> {
  const today = localSlot(now, timeZone).date;
  const first = localSlot(since, timeZone).date;
  const dates: string[] = [];
  for (let date = first; date <= today; date = dayBefore(date, -1)) dates.push(date);
  const [{ totals, rows: openRows }, pages] = await Promise.all([
    reader.days(workspace, dates),
    reader.pages(workspace, today, first, 100),
  ]);
  // Whole days in the workspace's zone, so the counters say how many calls of the period were not reached.
  const rows = [...openRows.flat(), ...pages.flatMap((shard) => shard.rows)].filter(
    (row) => localSlot(new Date(row.a), timeZone).date >= first,
  );
  const inPeriod = totals.reduce((sum, day) => sum + day.calls, 0);
  const calls = rows.flatMap((row) => {
    const route = routeOfRow(row, workspace);
    return route ? [{ callSid: row.s, route }] : [];
  });
  return { calls, unread: Math.max(0, inPeriod - rows.length) };
}
