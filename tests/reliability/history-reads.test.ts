// The history index's reads against the Sync double behind Prism, on a history of 90 days x 2,000 calls a day put
// straight into its maps: a page of 50 calls (and the next), the 30-day charts, callers to call back and a 7-day impact
// replay each cost at most 10 Sync requests (counted at the double), and show what the generated calls say they
// should. Requests are counted, never timed.
import { HistoryReader } from '../../src/calls/history-read';
import { callsPage, homeFigures, missedToday, recentForImpact } from '../../src/calls/history-views';
import { localSlot } from '../../src/calls/history-index';
import { SyncStateStore } from '../../src/sync/state-store';
import { buildHistory, seedHistory, syntheticRows, type SyntheticHistory } from '../support/history';
import { createSyncService, gatewayFor } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';

const api = useTwilioApi();
const DAYS = 90;
const PER_DAY = 2_000;
const MOST_REQUESTS = 10;
const TIME_ZONE = 'America/New_York';
let history: SyntheticHistory;
let reader: HistoryReader;
const now = new Date();

beforeAll(async () => {
  const built = buildHistory('busy', TIME_ZONE, syntheticRows(now, DAYS, PER_DAY));
  history = built;
  const serviceSid = await createSyncService(api);
  seedHistory(api, serviceSid, built);
  reader = new HistoryReader(new SyncStateStore(gatewayFor(api, serviceSid)));
}, 120_000);

/** What `read` returns and the Sync requests it made. */
async function counted<T>(read: () => Promise<T>): Promise<{ value: T; requests: number }> {
  const before = api.double.requestCount({ product: 'sync' });
  const value = await read();
  return { value, requests: api.double.requestCount({ product: 'sync' }) - before };
}

test(`the history holds ${DAYS * PER_DAY} calls in ${DAYS} days`, () => {
  expect(history.rows).toHaveLength(DAYS * PER_DAY);
  expect(history.items).toBeGreaterThan(10_000); // far more than 10 listings of 100 could read
});

test('a page of 50 calls, then the next: the newest first, none left out or repeated, at most 10 requests each', async () => {
  const first = await counted(() => callsPage(reader, 'busy', TIME_ZONE, now, 90, { limit: 50, accept: () => true }));
  expect(first.requests).toBeLessThanOrEqual(MOST_REQUESTS);
  expect(first.value.calls.map((call) => call.callSid)).toEqual(history.rows.slice(0, 50).map((row) => row.s));
  expect(first.value.next).not.toBeNull();
  const second = await counted(() =>
    callsPage(reader, 'busy', TIME_ZONE, now, 90, { limit: 50, cursor: first.value.next!, accept: () => true }),
  );
  expect(second.requests).toBeLessThanOrEqual(MOST_REQUESTS);
  expect(second.value.calls.map((call) => call.callSid)).toEqual(history.rows.slice(50, 100).map((row) => row.s));
});

test('a filtered page (one caller) stays within 10 requests and lists only that caller, newest first', async () => {
  const caller = history.rows[0]!.f;
  const page = await counted(() => callsPage(reader, 'busy', TIME_ZONE, now, 90, { limit: 50, accept: (row) => row.f === caller }));
  expect(page.requests).toBeLessThanOrEqual(MOST_REQUESTS);
  const expected = history.rows.filter((row) => row.f === caller).map((row) => row.s);
  expect(page.value.calls.length).toBeGreaterThan(0);
  expect(page.value.calls.map((call) => call.callSid)).toEqual(expected.slice(0, page.value.calls.length));
});

test('the home page: 30 days of calls per day as generated, answer rate by user, within 10 requests', async () => {
  const home = await counted(() => homeFigures(reader, 'busy', TIME_ZONE, now));
  expect(home.requests).toBeLessThanOrEqual(MOST_REQUESTS);
  expect(home.value.days).toHaveLength(30);
  for (const day of home.value.days)
    expect(day).toEqual({ date: day.date, ...(history.perDay.get(day.date) ?? { answered: 0, missed: 0, voicemail: 0 }) });
  const today = localSlot(now, TIME_ZONE).date;
  expect(home.value.days[29]!.date).toBe(today);
  const inMonth = history.rows.filter((row) => localSlot(new Date(row.a), TIME_ZONE).date >= home.value.days[0]!.date);
  const alice = home.value.byUser.find((entry) => entry.user === 'alice')!;
  expect(alice).toEqual({
    user: 'alice',
    rang: inMonth.filter((row) => row.n.includes('alice')).length,
    answered: inMonth.filter((row) => row.u === 'alice').length,
  });
  expect(home.value.byHour.reduce((sum, cell) => sum + cell.calls, 0)).toBe(inMonth.length);
});

test("today's missed calls for the agency home: one listing per shard", async () => {
  const today = localSlot(now, TIME_ZONE).date;
  const missed = await counted(() => missedToday(reader, 'busy', TIME_ZONE, now));
  expect(missed.requests).toBeLessThanOrEqual(HISTORY_SHARDS_LISTINGS);
  expect(missed.value).toBe(history.perDay.get(today)?.missed ?? 0);
});
const HISTORY_SHARDS_LISTINGS = 5;

test('a 7-day impact replay reads at most 10 listings; what it reads and what it says it left out add up to the period', async () => {
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const recent = await counted(() => recentForImpact(reader, 'busy', TIME_ZONE, now, since));
  expect(recent.requests).toBeLessThanOrEqual(MOST_REQUESTS);
  // The replay covers whole days in the workspace's zone: from the start of the day 7 days ago.
  const firstDay = localSlot(since, TIME_ZONE).date;
  const inPeriod = history.rows.filter((row) => localSlot(new Date(row.a), TIME_ZONE).date >= firstDay);
  expect(recent.value.calls.length).toBeGreaterThan(5_000);
  const sids = new Set(inPeriod.map((row) => row.s));
  expect(recent.value.calls.every((call) => sids.has(call.callSid))).toBe(true);
  expect(recent.value.calls.every((call) => call.route.legs.length > 0)).toBe(true);
  expect(recent.value.calls.length + recent.value.unread).toBe(inPeriod.length);
});
