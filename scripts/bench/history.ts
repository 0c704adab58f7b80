// Section 9: the call history's reads, counted. A history of 90 days x 2,000 calls a day in the history index
// (src/calls/history-index), put straight into the Sync double's maps (tests/support/history); then the Sync requests
// of a page of 50 calls, one call's details (its log in its `calls` shard), a 7-day impact replay and the 30-day
// charts, each counted at the double (behind Prism, which checks every request). Counts, never timings.
import { CallHistory } from '../../src/calls/history';
import { HistoryReader } from '../../src/calls/history-read';
import { callsPage, homeFigures, recentForImpact } from '../../src/calls/history-views';
import { quietStepLog } from '../../src/log/step-log';
import { StateShards } from '../../src/state/shards';
import { SyncStateStore } from '../../src/sync/state-store';
import { buildHistory, seedHistory, syntheticRows } from '../../tests/support/history';
import { createSyncService, gatewayFor } from '../../tests/support/sync';
import { expectNoContractViolations, startTwilioApi } from '../../tests/support/twilio-api/index';

export const HISTORY_DAYS = 90;
export const HISTORY_CALLS_PER_DAY = 2_000;

export interface HistoryBenchResult {
  callsInHistory: number;
  /** Items the index holds for them (day items and page items). */
  indexItems: number;
  pageRequests: number;
  nextPageRequests: number;
  detailRequests: number;
  impactRequests: number;
  chartRequests: number;
}

export async function benchHistory(now = new Date()): Promise<HistoryBenchResult> {
  const timeZone = 'America/New_York';
  const built = buildHistory('busy', timeZone, syntheticRows(now, HISTORY_DAYS, HISTORY_CALLS_PER_DAY));
  const api = await startTwilioApi();
  try {
    const serviceSid = await createSyncService(api);
    seedHistory(api, serviceSid, built);
    // One call's log, as the functions write it, in its shard of the `calls` maps.
    const shards = new StateShards(8);
    const newest = built.rows[0]!;
    api.double.sync.seedMapItems(
      serviceSid,
      shards.mapFor('calls', 'busy', newest.s),
      [
        {
          key: `${newest.s}:route`,
          data: {
            at: newest.a,
            from: newest.f,
            to: newest.t,
            workspace: 'busy',
            rule: newest.r,
            action: 'dial',
            legs: [],
            callerId: null,
            reason: 'bench',
          },
        },
        {
          key: `${newest.s}:dial`,
          data: { at: newest.a, outcome: newest.o, dialStatus: 'completed', bridged: true, answeredBy: null, reason: 'bench' },
        },
      ],
      api.double.clock.now(),
    );
    const store = new SyncStateStore(gatewayFor(api, serviceSid));
    const reader = new HistoryReader(store);
    const counted = async (read: () => Promise<unknown>) => {
      const before = api.double.requestCount({ product: 'sync' });
      await read();
      return api.double.requestCount({ product: 'sync' }) - before;
    };
    let next: string | null = null;
    const pageRequests = await counted(async () => {
      next = (await callsPage(reader, 'busy', timeZone, now, HISTORY_DAYS, { limit: 50, accept: () => true })).next;
    });
    const nextPageRequests = await counted(() =>
      callsPage(reader, 'busy', timeZone, now, HISTORY_DAYS, { limit: 50, accept: () => true, ...(next ? { cursor: next } : {}) }),
    );
    const history = new CallHistory(store, shards, quietStepLog('bench'), 'Sync');
    const detailRequests = await counted(async () => {
      if (!(await history.show(newest.s, ['busy']))) throw new Error('the call seeded for its details was not found');
    });
    const impactRequests = await counted(() => recentForImpact(reader, 'busy', timeZone, now, new Date(now.getTime() - 7 * 86_400_000)));
    const chartRequests = await counted(() => homeFigures(reader, 'busy', timeZone, now));
    expectNoContractViolations(api);
    return {
      callsInHistory: built.rows.length,
      indexItems: built.items,
      pageRequests,
      nextPageRequests,
      detailRequests,
      impactRequests,
      chartRequests,
    };
  } finally {
    await api.stop();
  }
}

export function formatHistory(result: HistoryBenchResult): string {
  return [
    `9. The call history's reads, Sync requests counted at the Twilio API double behind Prism (history index: src/calls/history-index)`,
    `   ${result.callsInHistory.toLocaleString('en-US')} calls (${HISTORY_DAYS} days x ${HISTORY_CALLS_PER_DAY.toLocaleString('en-US')}) in ${result.indexItems.toLocaleString('en-US')} index items over 5 shards`,
    `  a page of 50 calls       ${result.pageRequests}`,
    `  the next page            ${result.nextPageRequests}`,
    `  one call's details       ${result.detailRequests}`,
    `  a 7-day impact replay    ${result.impactRequests}`,
    `  the 30-day charts        ${result.chartRequests} (with callers to call back)`,
  ].join('\n');
}
