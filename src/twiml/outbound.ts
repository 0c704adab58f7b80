// TwiML for a call placed from the web or mobile app: one <Dial> to the number asked for.
import twilio from 'twilio';
import { SORRY_GOODBYE, VOICE } from './voice';

export interface OutboundDial {
  to: string;
  callerId: string;
  timeout: number;
  record: boolean;
  recordingStatus: string;
}

export function outboundTwiml(plan: OutboundDial): string {
  const response = new twilio.twiml.VoiceResponse();
  response
    .dial({
      callerId: plan.callerId,
      timeout: plan.timeout,
      answerOnBridge: true,
      ...(plan.record ? { record: 'record-from-answer-dual' as const, recordingStatusCallback: plan.recordingStatus, recordingStatusCallbackMethod: 'POST' as const } : {}),
    })
    .number(plan.to);
  return response.toString();
}

/** The app asked for something we will not dial: say why, and end the call. */
export function refuseTwiml(reason: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(VOICE, reason || SORRY_GOODBYE);
  response.hangup();
  return response.toString();
}
