// Failed deliveries in Twilio Sync (the API double behind Prism): recorded in the workspace's own Map, read back
// by redeliver; and with Sync hanging, emitCallEvent still returns at its deadline, saying the failure could not
// be recorded in time.
import { createStepLog } from '../../src/log/step-log';
import { SyncStateStore } from '../../src/sync/state-store';
import { EMIT_DEADLINE_MS, emitCallEvent } from '../../src/events/emit';
import { failedDeliveriesMap } from '../../src/events/failures';
import { redeliverFailed } from '../../src/events/redeliver';
import type { CallEvent } from '../../src/events/types';
import { createSyncService, gatewayFor } from '../support/sync';
import { useTwilioApi } from '../support/twilio-api/index';
import { WebhookReceiver } from '../support/webhook-receiver';

const api = useTwilioApi({ clearFaults: true });
let receiver: WebhookReceiver;
let serviceSid: string;
beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  serviceSid = await createSyncService(api);
});
afterAll(() => receiver?.stop());

const CALL_SID = `CA${'e5'.repeat(16)}`;
const event: CallEvent = {
  type: 'voicemail.created',
  at: new Date('2026-11-23T15:00:00Z'),
  data: {
    callSid: CALL_SID,
    workspace: 'acme',
    from: '+15550100200',
    to: '+15550100100',
    recordingSid: `RE${'f6'.repeat(16)}`,
    recordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC.../Recordings/RE...',
    durationSeconds: 14,
  },
};

function deps(lines: string[] = [], syncTimeoutMs = 500) {
  const sink = {
    log: (line: string) => lines.push(line),
    warn: (line: string) => lines.push(line),
    error: (line: string) => lines.push(line),
  };
  return {
    state: new SyncStateStore(gatewayFor(api, serviceSid, syncTimeoutMs)),
    log: createStepLog('voicemail-complete', CALL_SID, sink),
    deployed: false,
  };
}

test("a failed delivery is kept in the workspace's own Sync Map, and redelivered from there", async () => {
  receiver.behaviour = { kind: 'status', status: 502 };
  const webhooks = [{ url: receiver.url(), secret: receiver.secret, events: ['voicemail.created' as const] }];
  const report = await emitCallEvent(deps(), { id: 'acme', webhooks }, event);
  expect(report.deliveries).toEqual([expect.objectContaining({ status: 'failed', httpStatus: 502, recorded: true })]);
  const items = api.double.sync.mapItems(serviceSid, failedDeliveriesMap('acme'), api.double.clock.now());
  expect(items?.map((item) => item.data)).toEqual([
    expect.objectContaining({ eventId: report.eventId, type: 'voicemail.created', url: receiver.url(), attempts: 1 }),
  ]);
  // The secret is never stored: a redelivery signs with the one configured then.
  expect(JSON.stringify(items)).not.toContain(receiver.secret.slice(6));

  receiver.behaviour = { kind: 'accept' };
  const reports = await redeliverFailed({ state: deps().state, deployed: false }, [{ id: 'acme', webhooks }]);
  expect(reports.map((entry) => entry.outcome.status)).toEqual(['delivered']);
  expect(receiver.accepted.map((received) => received.event.data.recordingSid)).toEqual([event.data.recordingSid]);
  expect(api.double.sync.mapItems(serviceSid, failedDeliveriesMap('acme'), api.double.clock.now())).toEqual([]);
});

test('with Sync hanging, a failed delivery still returns at the deadline and the log says it could not be recorded', async () => {
  receiver.behaviour = { kind: 'hold' };
  api.double.faults.set({ kind: 'hang', product: 'sync', match: /\/Maps\// });
  const lines: string[] = [];
  const webhooks = [{ url: receiver.url(), secret: receiver.secret, events: ['voicemail.created' as const] }];
  // The functions' defaults: a 1 s delivery deadline, then a Sync write with its own 1.5 s deadline (SYNC_TIMEOUT_MS).
  const report = await emitCallEvent(deps(lines, 1500), { id: 'acme', webhooks }, event);
  expect(report.cutAtDeadline).toBe(true);
  expect(report.deliveries).toEqual([expect.objectContaining({ status: 'failed', kind: 'timeout', recorded: false })]);
  expect(lines.join('\n')).toContain(`stopped waiting after ${EMIT_DEADLINE_MS} ms; 1 of 1 deliveries had finished`);
});
