// The load at the target, within Sync's rate limits: 100 calls per second across 50 workspaces, one of
// which takes 20, half answered (on a phone after the whisper, or on the app; recorded on the main line) and half
// missed (voicemail and text-back), for LOAD_SECONDS simulated seconds (12 here: past the 10 s burst window; longer in `npm run test:stress`),
// each call driven to its end as Twilio would drive it. The real built functions run in process in Sync mode
// against the API double with Sync's limits on (20 reads and 20 writes per second per object, 10 s burst window).
// Every call must leave what it is owed (tests/support/load/owed.ts): zero 429s, every call-log entry, one text per
// missed caller and none to an answered one, and the outcomes and TwiML of the good path.
import {
  TARGET_MIX,
  caseOf,
  formatLoadReport,
  owedRecords,
  plannedCounts,
  recordsByCall,
  runLoad,
  type LoadResult,
} from '../support/load/index';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 12);
let result: LoadResult;

beforeAll(async () => {
  result = await runLoad({ ...TARGET_MIX, seconds: SECONDS });
  process.stdout.write(formatLoadReport(result.summary));
}, 600_000);

/** The data of the call-log entry at `key`, wherever it is kept. */
const entry = (key: string): Record<string, unknown> | undefined => result.items.get(key)?.[0]?.data;

test(`${SECONDS} simulated seconds at ${TARGET_MIX.callsPerSecond} calls/s: no Sync request is refused with 429`, () => {
  const hot = result.rates
    .filter((rate) => rate.refused > 0)
    .map(
      (rate) =>
        `${rate.kind} ${rate.object} (${rate.scope}): ${rate.refused} refused, peak ${rate.peakPerSecond}/s, ${rate.peakPerWindow} per window`,
    );
  expect({ status429: result.summary.status429, hot }).toEqual({ status429: 0, hot: [] });
});

test('every call-log entry each call is owed is there', () => {
  expect(result.missing.slice(0, 20)).toEqual([]);
  expect(result.missing).toHaveLength(0);
});

test('every missed caller got exactly one text, from the line they called, and no answered caller got one', () => {
  expect(result.texts.lost.slice(0, 20)).toEqual([]);
  expect(result.texts.unwanted).toEqual([]);
  expect(result.textsSent).toBe(plannedCounts(result.calls).missed);
});

test('the good path: every step answered with the TwiML its case expects, outcomes as planned, no stale configuration', () => {
  // Each call made exactly the steps its case owes, in order, each answered 200 with those verbs.
  const byCall = recordsByCall(result.run.exchanges);
  const wrong = result.calls
    .map((call) => ({ call: `${call.callSid} (${caseOf(call)})`, got: byCall.get(call.callSid) ?? [], owed: owedRecords(call) }))
    .filter(({ got, owed }) => JSON.stringify(got) !== JSON.stringify(owed));
  expect(wrong.slice(0, 5)).toEqual([]);

  // The call log's outcomes are the plan's: as many answered and missed calls, each the one planned.
  const counts = plannedCounts(result.calls);
  const outcome = (callSid: string) => entry(`${callSid}:dial`)?.outcome;
  expect({
    answered: result.calls.filter((call) => call.outcome !== 'missed' && outcome(call.callSid) === 'answered').length,
    missed: result.calls.filter((call) => call.outcome === 'missed' && outcome(call.callSid) === 'missed').length,
  }).toEqual({ answered: counts['answered-phone'] + counts['answered-app'], missed: counts.missed });
  expect(counts['answered-phone']).toBeGreaterThan(0);
  expect(counts['answered-app']).toBeGreaterThan(0);

  // Every text-back entry says sent, and no route was decided on a stale configuration or without the caller's contact.
  const missed = result.calls.filter((call) => call.outcome === 'missed');
  expect(missed.filter((call) => entry(`${call.callSid}:textback`)?.status !== 'sent').map((call) => call.callSid)).toEqual([]);
  expect(
    result.calls
      .filter((call) => entry(`${call.callSid}:route`)?.warnings !== undefined)
      .map((call) => [call.callSid, entry(`${call.callSid}:route`)?.warnings]),
  ).toEqual([]);
});
