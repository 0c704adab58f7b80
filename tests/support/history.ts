// A large call history for the history index's readers (tests/reliability/history-reads.test.ts and `npm run bench`):
// `days` x `perDay` calls ending before `now`, spread evenly over time, put straight into the Sync double's
// `history_<ws>_<k>` maps as the writer leaves them (src/calls/history-index dayItemsOf), so only the reads under test
// go through Prism. With what each view should show, counted from the generated calls themselves.
import { HISTORY_SHARDS, dayItemsOf, historyMap, historyShardOf, localSlot, type HistoryRow } from '../../src/calls/history-index';
import { seededRandom } from '../../scripts/bench/random';
import type { TwilioApi } from './twilio-api/index';

export interface SyntheticHistory {
  workspace: string;
  timeZone: string;
  /** Every call, newest first. */
  rows: HistoryRow[];
  /** Calls per local day: answered, missed, voicemail. */
  perDay: Map<string, { answered: number; missed: number; voicemail: number }>;
  /** How many items were put in the maps. */
  items: number;
}

const USERS = [['alice', 'bob'], ['carol'], ['dan', 'erin', 'alice']];

export function syntheticRows(now: Date, days: number, perDay: number, seed = 20261208): HistoryRow[] {
  const random = seededRandom(seed);
  const step = 86_400_000 / perDay;
  const rows: HistoryRow[] = [];
  for (let index = 0; index < days * perDay; index += 1) {
    const at = new Date(now.getTime() - (index + 1) * step).toISOString();
    const rung = random.pick(USERS);
    const roll = random.next();
    const outcome = roll < 0.6 ? 'answered' : 'missed';
    rows.push({
      s: `CA${index.toString(16).padStart(32, '0')}`,
      a: at,
      f: `+1555${String(2_000_000 + random.int(500)).padStart(7, '0')}`,
      t: '+15550100100',
      o: outcome,
      r: 'ring-group',
      n: rung,
      u: outcome === 'answered' ? random.pick(rung) : null,
      ...(roll >= 0.9 ? { v: true } : {}),
      p: { action: 'dial', legs: rung.map((user) => `client:busy_${user}_web`) },
    });
  }
  return rows;
}

export interface BuiltHistory extends SyntheticHistory {
  /** The items of each shard's map, as the index keeps them. */
  byShard: { key: string; data: Record<string, unknown> }[][];
}

/**
 * The index's items for these rows, and what each view should show. Built before any request is made: the work takes
 * seconds, and a keep-alive connection idle that long may be closed under the next request.
 */
export function buildHistory(workspace: string, timeZone: string, rows: HistoryRow[]): BuiltHistory {
  // Per shard and local day, in the order the calls ended (oldest first).
  const groups = new Map<string, HistoryRow[]>();
  const perDay = new Map<string, { answered: number; missed: number; voicemail: number }>();
  for (const row of [...rows].reverse()) {
    const date = localSlot(new Date(row.a), timeZone).date;
    const key = `${historyShardOf(row.s)}|${date}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(row);
    const day = perDay.get(date) ?? { answered: 0, missed: 0, voicemail: 0 };
    if (row.o === 'answered') day.answered += 1;
    else day.missed += 1;
    if (row.v) day.voicemail += 1;
    perDay.set(date, day);
  }
  const byShard = Array.from({ length: HISTORY_SHARDS }, () => [] as { key: string; data: Record<string, unknown> }[]);
  for (const [key, group] of groups) byShard[Number(key.split('|')[0])]!.push(...dayItemsOf(group, timeZone));
  return { workspace, timeZone, rows, perDay, items: byShard.reduce((sum, items) => sum + items.length, 0), byShard };
}

/** Puts a built history in the double's Sync service (no HTTP). */
export function seedHistory(api: TwilioApi, serviceSid: string, history: BuiltHistory): void {
  const now = api.double.clock.now();
  history.byShard.forEach((items, shard) => {
    api.double.sync.seedMapItems(serviceSid, historyMap(history.workspace, shard), items, now);
  });
}
