// What the call log keeps of a recording (a voicemail, or a recorded call), read from Twilio's callback parameters:
// shared by voicemail-complete and recording-status, and kept apart from voicemail-complete's notifications so
// recording-status loads none of them.
import type { RecordingEntry } from '../calls/call-log';
import { isRecordingSid } from '../notify/recording-link';

export function recordingEntry(params: Readonly<Record<string, string>>, now: Date): RecordingEntry {
  const duration = Number(params.RecordingDuration);
  return {
    at: now.toISOString(),
    recordingSid: isRecordingSid(params.RecordingSid) ? params.RecordingSid : null,
    recordingUrl: params.RecordingUrl && /^https:\/\//.test(params.RecordingUrl) ? params.RecordingUrl : null,
    durationSeconds: Number.isFinite(duration) && params.RecordingDuration !== '' ? duration : null,
  };
}

/** Something was recorded: a recording with a length above zero (or an unknown length). */
export function somethingRecorded(entry: RecordingEntry): boolean {
  return entry.recordingUrl !== null && entry.durationSeconds !== 0;
}
