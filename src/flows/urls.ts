// The paths of the call flow's functions, and the callback URLs one call's TwiML names (relative: Twilio
// resolves them against the function that answered). Query parameters go through callbackUrl().
import { callbackUrl } from '../runtime/signature';
import { MESSAGE_STATUS_PATH } from '../textback/messenger';
import type { FlowUrls } from '../twiml/voice';
import { routeQuery, type CarriedRoute } from './carried-route';

export const PATHS = {
  incomingCall: '/incoming-call',
  connectWhisper: '/connect-whisper',
  legStatus: '/leg-status',
  dialComplete: '/dial-complete',
  voicemailComplete: '/voicemail-complete',
  recordingStatus: '/recording-status',
  outboundCall: '/outbound-call',
  incomingSms: '/incoming-sms',
  smsTextback: '/sms-textback',
  messageStatus: MESSAGE_STATUS_PATH,
} as const;

/**
 * The URLs of the steps after incoming-call: the whisper learns the called number and caller from its query,
 * and dial-complete the route the call was given.
 */
export function flowUrlsFor(call: { to: string; from: string }, route: CarriedRoute): FlowUrls {
  return {
    dialComplete: callbackUrl(PATHS.dialComplete, routeQuery(route)),
    connectWhisper: callbackUrl(PATHS.connectWhisper, { crCalled: call.to, crCaller: call.from }),
    voicemailComplete: PATHS.voicemailComplete,
    recordingStatus: PATHS.recordingStatus,
    legStatus: PATHS.legStatus,
  };
}

/** Where the whisper's <Gather> posts the key press. */
export function whisperAnswerUrl(call: { to: string; from: string }): string {
  return callbackUrl(PATHS.connectWhisper, { crCalled: call.to, crCaller: call.from, crStep: 'answer' });
}
