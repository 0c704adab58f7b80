// The call events a workspace's webhooks receive: each a JSON body `{ type, timestamp, data }`. The `data` of
// each type is what the call log records about that moment (src/calls/call-log.ts), with the workspace and
// the call's numbers, so a receiver needs nothing else to file it. Types only, and one pure function that
// names an event's subject (the SID it is about), from which its webhook-id is derived.
import type { CallEventType } from '../config/constants';

export type { CallEventType } from '../config/constants';

/** The route the call was given (the call log's `route` step), as an event carries it. */
export interface EventRoute {
  /** The rule that decided (docs/routing.md), e.g. "ring-group". */
  rule: string;
  /** dial, voicemail, hangup or reject. */
  action: string;
  /** What rang: `number:+1555...` or `client:<identity>`. */
  legs: string[];
  callerId: string | null;
  reason: string;
}

/** A call has ended: answered (a person talked), missed (nobody did: voicemail or text-back may follow) or rejected. */
export interface CallCompletedData {
  callSid: string;
  workspace: string;
  from: string;
  to: string;
  outcome: 'answered' | 'missed' | 'rejected';
  /** The leg that was bridged: `number:+1555...` or `client:<identity>`; null unless answered. */
  answeredBy: string | null;
  /** Twilio's DialCallStatus (completed, no-answer, busy, failed, canceled); null when nothing was dialled. */
  dialStatus: string | null;
  /** When the call came in (ISO-8601). */
  startedAt: string;
  route: EventRoute;
}

/** A caller left a voicemail. */
export interface VoicemailCreatedData {
  callSid: string;
  workspace: string;
  from: string;
  to: string;
  recordingSid: string | null;
  /** Twilio's recording URL; fetching it needs the account's credentials unless the account allows public media. */
  recordingUrl: string | null;
  durationSeconds: number | null;
}

/** Twilio's transcription of a voicemail arrived. */
export interface VoicemailTranscribedData {
  callSid: string;
  workspace: string;
  from: string;
  to: string;
  recordingSid: string;
  transcriptionSid: string;
  /** completed or failed (then `transcript` is null). */
  status: 'completed' | 'failed';
  transcript: string | null;
}

/** A text arrived at one of the workspace's numbers (not a STOP or START word). */
export interface MessageReceivedData {
  messageSid: string;
  workspace: string;
  from: string;
  to: string;
  body: string;
  /** MMS attachments: Twilio's media URLs and their content types. */
  media: { url: string; contentType: string | null }[];
}

/** A missed caller was texted back (or, locally without an account, the text went to the outbox). */
export interface TextbackSentData {
  callSid: string;
  workspace: string;
  /** The caller. */
  to: string;
  /** The number they called, which sent the text. */
  from: string;
  body: string;
  status: 'sent' | 'outbox';
  /** Twilio's SM... SID; null for the local outbox. */
  messageSid: string | null;
  /** The Messaging Service the text went through, or null. */
  messagingServiceSid: string | null;
}

export interface CallEventDataByType {
  'call.completed': CallCompletedData;
  'voicemail.created': VoicemailCreatedData;
  'voicemail.transcribed': VoicemailTranscribedData;
  'message.received': MessageReceivedData;
  'textback.sent': TextbackSentData;
}

/** One event as the flows hand it over: what happened, when, and its data. */
export type CallEvent = {
  [T in CallEventType]: { type: T; at: Date; data: CallEventDataByType[T] };
}[CallEventType];

/** The JSON body a receiver gets. */
export interface CallEventBody {
  type: CallEventType;
  /** When it happened, ISO-8601. */
  timestamp: string;
  data: CallEventDataByType[CallEventType];
}

/**
 * The SID an event is about: the same event emitted twice (Twilio retries a webhook) has the same subject, so
 * the same webhook-id, and a receiver that deduplicates by webhook-id (as Standard Webhooks asks) files it once.
 */
export function subjectOf(event: CallEvent): string {
  switch (event.type) {
    case 'call.completed':
    case 'textback.sent':
      return event.data.callSid;
    case 'voicemail.created':
      return event.data.recordingSid ?? event.data.callSid;
    case 'voicemail.transcribed':
      return event.data.transcriptionSid;
    case 'message.received':
      return event.data.messageSid;
  }
}
