// voicemail-complete: the <Record action> after a voicemail. Keeps the recording in the call log, then tells of the
// call's end (./call-notices): a voicemail notice when something was recorded, else the missed-call notice (the
// voicemail notice replaces it: dial-complete leaves the notice to this step when voicemail follows), call.completed
// and voicemail.created; thanks the caller and ends the call.
import type { DialEntry, RecordingEntry } from '../calls/call-log';
import { subscribers } from '../events/emit';
import { voicemailCreatedData } from '../events/from-call-log';
import type { Fallback, WebhookRequest } from '../runtime/request';
import { goodbyeTwiml } from '../twiml/voice';
import { emitForCall, notifyMissedCall, notifyVoicemail, tellOfCallEnd, type NoticeContext, type RouteRead } from './call-notices';
import { recordingEntry, somethingRecorded } from './recording-entry';

export { somethingRecorded } from './recording-entry';

export async function voicemailComplete(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog } = request;
  const entry = recordingEntry(params, now);
  if (entry.recordingUrl) log.info(`voicemail recorded: ${entry.durationSeconds ?? '?'} s at ${entry.recordingUrl}`);
  else log.warn('no recording was made (the caller hung up before the tone, or said nothing)');
  await callLog.write(params.CallSid, 'voicemail', entry);
  await tellOfCallEnd(request, {
    dial: () => callLog.readStep<DialEntry>(params.CallSid, 'dial'),
    notice: (context, route) => tellOfVoicemail(request, context, route, entry),
    voicemail: somethingRecorded(entry),
  });
  return goodbyeTwiml('Thank you. Your message has been recorded. Goodbye.');
}

/** The voicemail notice and voicemail.created when something was recorded; else the missed-call notice. */
async function tellOfVoicemail(request: WebhookRequest, context: NoticeContext, route: RouteRead, entry: RecordingEntry): Promise<void> {
  if (!somethingRecorded(entry)) {
    await notifyMissedCall(request, context, route);
    return;
  }
  const voicemailCreated = async () => {
    const routeEntry = await route();
    const data = routeEntry ? voicemailCreatedData(request.params.CallSid!, routeEntry, entry, entry.recordingSid ?? null) : null;
    if (data) await emitForCall(request, context.workspace, { type: 'voicemail.created', at: request.now, data });
  };
  await Promise.all([
    notifyVoicemail(request, context, entry, route),
    subscribers(context.workspace.webhooks, 'voicemail.created').length > 0 ? voicemailCreated() : undefined,
  ]);
}

export const endCallFallback: Fallback = () => ({ reply: goodbyeTwiml(), description: 'ending the call' });
