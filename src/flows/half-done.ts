// Work of one call left half-done by an invocation that died between two writes, finished when the call ends
// (call-status, which reads the call's log anyway): a missed call whose text-back never got an outcome (claimed and
// never sent, or never reached), and notices left `sending` past the lease (src/state/lease.ts). Each is finished
// through the same exactly-once path as the first attempt (a claim taken over by compare-and-set), so a call still
// being worked on by a live invocation is never texted twice. Costs nothing for a call with nothing half-done.
import type { CallRecord } from '../calls/call-log';
import { finishLapsedNotices } from '../notify/notify';
import type { WebhookRequest } from '../runtime/request';
import { lapsedClaim } from '../state/lease';
import { handMissedCall } from './missed-call';

/** What of the call is left half-done: its text-back (a missed call with no outcome, or one left to a delivery that claimed it), its notices. */
function halfDoneWork(record: CallRecord | null, now: Date): { textback: boolean; notices: boolean } {
  if (!record) return { textback: false, notices: false };
  // A screened call (its route's textBack false) is never texted, half-done or not.
  const textback =
    record.outcome === 'missed' &&
    record.route?.textBack !== false &&
    (!record.textback || (record.textback.status === 'skipped' && record.textback.reason === 'claimed'));
  const notices = Object.values(record.notices ?? {}).some((entry) => lapsedClaim(entry, 'sending', now));
  return { textback, notices };
}

/** Finishes what halfDoneWork() found; never throws (the call is over either way). */
export async function finishHalfDoneWork(request: WebhookRequest, record: CallRecord): Promise<void> {
  const { log, callLog, services, now, call } = request;
  const work = halfDoneWork(record, now);
  if (!work.textback && !work.notices) return;
  try {
    const line = await call.line();
    if (!line) return;
    log.warn(
      `finishing what an earlier step of this call left half-done: ${[work.textback ? 'its text-back' : null, work.notices ? 'notices left sending' : null].filter(Boolean).join(' and ')}`,
    );
    await Promise.all([
      work.textback ? handMissedCall(request, 'its text-back was left half-done') : undefined,
      work.notices
        ? finishLapsedNotices(
            { callLog, messenger: services.messenger, log, now },
            { callSid: record.callSid, workspace: line.workspace, number: line.number },
            record.notices ?? {},
          )
        : undefined,
    ]);
  } catch (error) {
    log.error('could not finish the work left half-done for this call', error);
  }
}
