// voicemail-complete: the <Record action> after a voicemail. Keeps the recording in the call log, then tells the
// users the call concerns (src/notify): a voicemail notice when something was recorded, else the missed-call
// notice (the voicemail notice replaces it: dial-complete leaves the notice to this step when voicemail
// follows), and sends call.completed and voicemail.created; thanks the caller and ends the call.
import type { Fallback, WebhookRequest } from '../runtime/request';
import { isCallSid, type DialEntry, type RecordingEntry } from '../calls/call-log';
import { subscribers, voicemailCreatedData } from '../events';
import { recordingEntry } from './recording-entry';
import { goodbyeTwiml } from '../twiml/voice';
import { emitCallCompleted, emitForCall, noticeContext, notifyMissedCall, notifyVoicemail, routeReader } from './call-notices';

/** Something was recorded: a recording with a length above zero (or an unknown length). */
export function somethingRecorded(entry: RecordingEntry): boolean {
  return entry.recordingUrl !== null && entry.durationSeconds !== 0;
}

export async function voicemailComplete(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog } = request;
  const entry = recordingEntry(params, now);
  if (entry.recordingUrl) log.info(`voicemail recorded: ${entry.durationSeconds ?? '?'} s at ${entry.recordingUrl}`);
  else log.warn('no recording was made (the caller hung up before the tone, or said nothing)');
  await callLog.write(params.CallSid, 'voicemail', entry);
  try {
    await tellOfVoicemail(request, entry);
  } catch (error) {
    log.error('voicemail notices and events failed; the call ends as usual', error);
  }
  return goodbyeTwiml('Thank you. Your message has been recorded. Goodbye.');
}

async function tellOfVoicemail(request: WebhookRequest, entry: RecordingEntry): Promise<void> {
  const { params, callLog, now } = request;
  if (!isCallSid(params.CallSid)) return;
  const context = noticeContext(await request.configuration(), { to: params.To ?? '', from: params.From ?? '' });
  if (!context) return;
  const callSid = params.CallSid;
  const route = routeReader(callLog, callSid);
  const recorded = somethingRecorded(entry);
  const voicemailCreated = async () => {
    const routeEntry = await route();
    const data = routeEntry ? voicemailCreatedData(callSid, routeEntry, entry, entry.recordingSid ?? null) : null;
    if (data) await emitForCall(request, context.workspace, { type: 'voicemail.created', at: now, data });
  };
  await Promise.all([
    recorded ? notifyVoicemail(request, context, entry, route) : notifyMissedCall(request, context, route),
    emitCallCompleted(request, context.workspace, route, () => callLog.readStep<DialEntry>(callSid, 'dial')),
    recorded && subscribers(context.workspace.webhooks, 'voicemail.created').length > 0 ? voicemailCreated() : undefined,
  ]);
}

export const endCallFallback: Fallback = () => ({ reply: goodbyeTwiml(), description: 'ending the call' });
