// voicemail-complete: the <Record action> after a voicemail. Keeps the recording in the call log, then tells of the
// call's end (./call-notices): a voicemail notice when something was recorded, else the missed-call notice (the
// voicemail notice replaces it: dial-complete leaves the notice to this step when voicemail follows), call.completed
// and voicemail.created; thanks the caller and ends the call.
import type { DialEntry } from '../calls/call-log';
import type { Fallback, WebhookRequest } from '../runtime/request';
import { goodbyeTwiml } from '../twiml/voice';
import { tellOfCallEnd } from './call-notices';
import { recordingEntry } from './recording-entry';

export { somethingRecorded } from './recording-entry';

export async function voicemailComplete(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog } = request;
  const entry = recordingEntry(params, now);
  if (entry.recordingUrl) log.info(`voicemail recorded: ${entry.durationSeconds ?? '?'} s at ${entry.recordingUrl}`);
  else log.warn('no recording was made (the caller hung up before the tone, or said nothing)');
  await callLog.write(params.CallSid, 'voicemail', entry);
  await tellOfCallEnd(request, {
    dial: () => callLog.readStep<DialEntry>(params.CallSid, 'dial'),
    notice: { voicemail: entry },
  });
  return goodbyeTwiml('Thank you. Your message has been recorded. Goodbye.');
}

export const endCallFallback: Fallback = () => ({ reply: goodbyeTwiml(), description: 'ending the call' });
