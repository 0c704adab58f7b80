// <Record>: the caller leaves a message after the beep and hangs up; Twilio posts the recording to the
// action (or the document's own URL) and runs the TwiML it answers.
import { newSid } from '../call-session';
import { resolveUrl, type VerbHandler } from './verb';

export const RECORDING_SECONDS = 14;

export const record: VerbHandler = async (verb, context) => {
  const { session, log } = context;
  const recordingSid = newSid('RE');
  log.say(`caller leaves a ${RECORDING_SECONDS} s message after the beep (up to ${verb.attrs.maxLength ?? 3600} s)`);
  const url = resolveUrl(verb.attrs.action ?? context.documentUrl, context);
  const document = await session.fetchTwiml(url, {
    ...session.callParams,
    CallStatus: 'in-progress',
    RecordingSid: recordingSid,
    RecordingUrl: session.recordingUrl(recordingSid),
    RecordingDuration: String(RECORDING_SECONDS),
    Digits: 'hangup',
  });
  return { after: 'run', document, url, status: context.status, facts: { voicemail: true } };
};
