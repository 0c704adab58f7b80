// call-status: the number's "call status changes" callback (StatusCallback, which `npm run numbers -- bind` sets),
// posted by Twilio when an incoming call is over. The other steps tell of almost every call themselves; this one
// catches the missed call whose caller hung up during the voicemail greeting: dial-complete left the notice to
// voicemail-complete, and the <Record action> is never requested when <Record> never started. Such a call gets its
// missed-call notice (once per user, as everywhere) and its call.completed here. So does a caller who hung up at the
// phone menu before choosing (Twilio posts a <Gather>'s action only while the caller is on the line): nobody took
// their call, so it is a missed call, texted back here (a caller who hung up at the spam check's "press 1" is not: a
// screened call is never texted). It also finishes what an earlier step of the call left half-done when its
// invocation died (./half-done: a text-back or notice claimed, never sent). Every other call: nothing to do.
import type { WebhookRequest } from '../runtime/request';
import { isCallSid, type CallRecord } from '../calls/call-log';
import { emptyTwiml } from '../twiml/whisper';
import { tellOfCallEnd } from './call-notices';
import { finishHalfDoneWork } from './half-done';
import { handMissedCall } from './missed-call';

const ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** The caller hung up while the phone menu was asking (no choice made, nothing rung). */
export function leftAtTheMenu(record: CallRecord | null): boolean {
  return !record?.dial && record?.route?.action === 'gather' && record.route.gather === 'menu';
}

/** A missed call nobody has told of yet: missed (sent straight to voicemail, or left at the menu), no voicemail, no missed-call notice. */
export function untoldMissedCall(record: CallRecord | null): boolean {
  if (!record?.route || record.voicemail) return false;
  const missed = record.dial ? record.dial.outcome === 'missed' : record.route.action === 'voicemail' || leftAtTheMenu(record);
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
  const atTheMenu = leftAtTheMenu(record);
  log.info(
    atTheMenu
      ? 'the caller hung up at the phone menu before choosing: a missed call, texted back and told of now'
      : 'the caller hung up before the voicemail recording began: telling of the missed call now',
  );
  await Promise.all([
    // The text-back, once (the call log's claim), as for any missed call; the caller is gone, so nothing waits on it.
    atTheMenu && !record!.textback ? handMissedCall(request, 'the caller hung up at the phone menu') : undefined,
    tellOfCallEnd(request, { dial: record!.dial ?? null, notice: 'missed-call', route: record!.route ?? null }),
  ]);
  return emptyTwiml();
}
