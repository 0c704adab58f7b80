// call-status: the number's "call status changes" callback (StatusCallback, which `npm run numbers -- bind` sets),
// posted by Twilio when an incoming call is over. The other steps tell of almost every call themselves; this one
// catches the missed call whose caller hung up during the voicemail greeting: dial-complete left the notice to
// voicemail-complete, and the <Record action> is never requested when <Record> never started. Such a call gets its
// missed-call notice (once per user, as everywhere) and its call.completed here. It also finishes what an earlier
// step of the call left half-done when its invocation died (./half-done: a text-back or notice claimed, never sent).
// Every other call: nothing to do.
import type { WebhookRequest } from '../runtime/request';
import { isCallSid, type CallRecord } from '../calls/call-log';
import { emptyTwiml } from '../twiml/whisper';
import { tellOfCallEnd } from './call-notices';
import { finishHalfDoneWork } from './half-done';

const ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** A missed call nobody has told of yet: missed (or sent straight to voicemail), no voicemail, no missed-call notice. */
export function untoldMissedCall(record: CallRecord | null): boolean {
  if (!record?.route || record.voicemail) return false;
  const missed = record.dial ? record.dial.outcome === 'missed' : record.route.action === 'voicemail';
  const told = Object.keys(record.notices ?? {}).some((id) => id.startsWith('missed-call:') || id.startsWith('voicemail:'));
  return missed && !told;
}

export async function callStatus(request: WebhookRequest): Promise<string> {
  const { params, log, callLog, call } = request;
  if (!ENDED.has(params.CallStatus ?? '') || !isCallSid(params.CallSid) || (params.Direction && params.Direction !== 'inbound'))
    return emptyTwiml();
  // Every call ends here, so nothing is read that most calls do not need: the number's workspace (cached documents;
  // the caller's contact, one Sync read, only for a call that is still to be told of) and the call log. The number's
  // callback carries no place: the call's is its workspace's shard for its CallSid (the call context finds it).
  if (!(await call.place({ withoutContact: true })).workspace) return emptyTwiml();
  const record = await callLog.read(params.CallSid);
  if (record) await finishHalfDoneWork(request, record);
  if (!untoldMissedCall(record)) return emptyTwiml();
  log.info('the caller hung up before the voicemail recording began: telling of the missed call now');
  await tellOfCallEnd(request, { dial: record!.dial ?? null, notice: 'missed-call', route: record!.route ?? null });
  return emptyTwiml();
}
