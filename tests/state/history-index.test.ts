// The history index's writer on the local store: each call's row and counts added once (a retried end adds nothing),
// a day item's rows moved to page items once it holds ROWS_PER_ITEM, and a page read back across them, newest first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryIndexWriter, ROWS_PER_ITEM, dayItemOf, historyMap, historyShardOf, type HistoryRow } from '../../src/calls/history-index';
import { HistoryReader } from '../../src/calls/history-read';
import { callsPage } from '../../src/calls/history-views';
import { LocalStateStore } from '../../src/state/local-store';

const TIME_ZONE = 'UTC';
/** CallSids that all fall in shard 0. */
function sidsOfShardZero(count: number): string[] {
  const sids: string[] = [];
  for (let index = 0; sids.length < count; index += 1) {
    const sid = `CA${index.toString(16).padStart(32, '0')}`;
    if (historyShardOf(sid) === 0) sids.push(sid);
  }
  return sids;
}

test(`40 calls of one shard and day: a day item of ${40 - 2 * ROWS_PER_ITEM} rows, two page items of ${ROWS_PER_ITEM}, every call counted once`, async () => {
  const store = new LocalStateStore(mkdtempSync(join(tmpdir(), 'history-index-')));
  const writer = new HistoryIndexWriter(store, 86_400);
  const start = Date.parse('2026-03-04T10:00:00Z');
  const rows: HistoryRow[] = sidsOfShardZero(40).map((sid, index) => ({
    s: sid,
    a: new Date(start + index * 60_000).toISOString(),
    f: '+15557770001',
    t: '+15550100100',
    o: index % 4 === 0 ? 'missed' : 'answered',
    r: 'ring-group',
    n: ['alice'],
    u: index % 4 === 0 ? null : 'alice',
  }));
  for (const row of rows) await writer.addCall('acme', TIME_ZONE, row);
  await writer.addCall('acme', TIME_ZONE, rows[rows.length - 1]!); // a retried end: nothing more

  const items = await store.list(historyMap('acme', 0));
  expect(items.map((item) => item.key)).toEqual(['d:2026-03-04', 'r:2026-03-04:0000', 'r:2026-03-04:0001']);
  const day = dayItemOf(items[0]!.data);
  expect(day.rows).toHaveLength(40 - 2 * ROWS_PER_ITEM);
  expect([day.answered, day.missed, day.byUser.alice]).toEqual([30, 10, [40, 30]]);

  const page = await callsPage(new HistoryReader(store), 'acme', TIME_ZONE, new Date(start + 3_600_000), 90, {
    limit: 25,
    accept: () => true,
  });
  expect(page.calls.map((call) => call.callSid)).toEqual(
    rows
      .slice(-25)
      .reverse()
      .map((row) => row.s),
  );
  const rest = await callsPage(new HistoryReader(store), 'acme', TIME_ZONE, new Date(start + 3_600_000), 90, {
    limit: 25,
    accept: () => true,
    cursor: page.next!,
  });
  expect(rest.calls.map((call) => call.callSid)).toEqual(
    rows
      .slice(0, 15)
      .reverse()
      .map((row) => row.s),
  );
  expect(rest.next).toBeNull();
});
