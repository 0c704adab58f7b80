// voicemail-complete: the <Record action> after a voicemail. Keeps the recording's URL in the call log,
// thanks the caller and ends the call.
import type { Fallback, WebhookRequest } from '../runtime/request';
import type { RecordingEntry } from '../calls/call-log';
import { goodbyeTwiml } from '../twiml/voice';

export function recordingEntry(params: Readonly<Record<string, string>>, now: Date): RecordingEntry {
  const duration = Number(params.RecordingDuration);
  return {
    at: now.toISOString(),
    recordingUrl: params.RecordingUrl && /^https:\/\//.test(params.RecordingUrl) ? params.RecordingUrl : null,
    durationSeconds: Number.isFinite(duration) && params.RecordingDuration !== '' ? duration : null,
  };
}

export async function voicemailComplete({ params, now, log, callLog }: WebhookRequest): Promise<string> {
  const entry = recordingEntry(params, now);
  if (entry.recordingUrl) log.info(`voicemail recorded: ${entry.durationSeconds ?? '?'} s at ${entry.recordingUrl}`);
  else log.warn('no recording was made (the caller hung up before the tone, or said nothing)');
  await callLog.write(params.CallSid, 'voicemail', entry);
  return goodbyeTwiml('Thank you. Your message has been recorded. Goodbye.');
}

export const endCallFallback: Fallback = () => ({ reply: goodbyeTwiml(), description: 'ending the call' });
