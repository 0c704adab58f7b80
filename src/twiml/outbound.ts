// TwiML for a call placed from the web or mobile app: one <Dial> to the number asked for; when recorded, the
// announcement to the app user first and, through the <Number url>, to the called party when they answer.
import twilio from 'twilio';
import { DEFAULT_SAY_VOICE, type SayVoice } from '../config/voices';
import { SORRY_GOODBYE, VOICE, sayAttributes } from './voice';

export interface OutboundDial {
  to: string;
  callerId: string;
  timeout: number;
  record: boolean;
  recordingStatus: string;
  /** Recorded calls: what both parties hear first. */
  announcement?: string;
  /** Recorded calls: the URL the called party's leg runs on answer (it says the announcement). */
  calledPartyUrl?: string;
  /** The workspace's language and voice, for its own announcement. */
  speech?: SayVoice;
}

export function outboundTwiml(plan: OutboundDial): string {
  const response = new twilio.twiml.VoiceResponse();
  if (plan.record && plan.announcement) response.say(sayAttributes(plan.speech ?? DEFAULT_SAY_VOICE), plan.announcement);
  response
    .dial({
      callerId: plan.callerId,
      timeout: plan.timeout,
      answerOnBridge: true,
      ...(plan.record
        ? {
            record: 'record-from-answer-dual' as const,
            recordingStatusCallback: plan.recordingStatus,
            recordingStatusCallbackMethod: 'POST' as const,
          }
        : {}),
    })
    .number(plan.record && plan.calledPartyUrl ? { url: plan.calledPartyUrl, method: 'POST' } : {}, plan.to);
  return response.toString();
}

/** What the called party hears on answer before the bridge: the recording announcement. */
export function announcementTwiml(text: string, speech: SayVoice = DEFAULT_SAY_VOICE): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(sayAttributes(speech), text);
  return response.toString();
}

/** The app asked for something we will not dial: say why, and end the call. */
export function refuseTwiml(reason: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(VOICE, reason || SORRY_GOODBYE);
  response.hangup();
  return response.toString();
}
