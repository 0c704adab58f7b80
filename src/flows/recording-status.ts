// recording-status: the recordingStatusCallback of a recorded call. Keeps the recording's URL in the call log.
import type { WebhookRequest } from '../runtime/request';
import { emptyTwiml } from '../twiml/whisper';
import { recordingEntry } from './recording-entry';

export async function recordingStatus({ params, now, log, callLog }: WebhookRequest): Promise<string> {
  if (params.RecordingStatus && params.RecordingStatus !== 'completed') {
    log.warn(`call recording ${params.RecordingStatus}`);
    return emptyTwiml();
  }
  const entry = recordingEntry(params, now);
  log.info(`call recording: ${entry.durationSeconds ?? '?'} s at ${entry.recordingUrl ?? '(no URL)'}`);
  await callLog.write(params.CallSid, 'recording', entry);
  return emptyTwiml();
}
