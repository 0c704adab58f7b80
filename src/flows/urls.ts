// The paths of the call flow's functions, and the callback URLs one call's TwiML names (relative: Twilio
// resolves them against the function that answered). Query parameters go through callbackUrl(); every callback
// of a call carries its place (where its log is kept: `crWs`, `crShard`).
import { placeQuery, type CallPlace } from '../calls/call-log';
import { contactQuery } from '../calls/carried-contact';
import type { Contact } from '../config/types';
import { callbackUrl } from '../runtime/signature';
import { MESSAGE_STATUS_PATH } from '../textback/messenger';
import type { FlowUrls } from '../twiml/voice';
import { routeQuery, type CarriedRoute } from './carried-route';

export const PATHS = {
  incomingCall: '/incoming-call',
  callStatus: '/call-status',
  connectWhisper: '/connect-whisper',
  legStatus: '/leg-status',
  dialComplete: '/dial-complete',
  voicemailComplete: '/voicemail-complete',
  voicemailTranscribed: '/voicemail-transcribed',
  recordingStatus: '/recording-status',
  outboundCall: '/outbound-call',
  incomingSms: '/incoming-sms',
  smsTextback: '/sms-textback',
  messageStatus: MESSAGE_STATUS_PATH,
} as const;

/** A callback of this call: `path` with the call's place and `query` in its signed query. */
export function callCallbackUrl(path: string, place: CallPlace, query: Record<string, string | undefined> = {}): string {
  return callbackUrl(path, { ...query, ...placeQuery(place) });
}

/**
 * The URLs of the steps after incoming-call: the whisper learns the called number and caller from its query,
 * dial-complete the route the call was given, both the caller's contact, and every one of them where the call's
 * log is kept.
 */
export function flowUrlsFor(
  call: { to: string; from: string },
  route: CarriedRoute,
  place: CallPlace,
  contact: Contact | null | undefined,
  options: { transcribe?: boolean } = {},
): FlowUrls {
  // The caller's contact rides along to the steps that read configuration again (undefined: not known here).
  const carried = contact === undefined ? {} : contactQuery(contact);
  return {
    dialComplete: callCallbackUrl(PATHS.dialComplete, place, { ...routeQuery(route), ...carried }),
    connectWhisper: callCallbackUrl(PATHS.connectWhisper, place, { crCalled: call.to, crCaller: call.from, ...carried }),
    voicemailComplete: callCallbackUrl(PATHS.voicemailComplete, place, carried),
    ...(options.transcribe ? { voicemailTranscribed: transcribeCallbackUrl(place) } : {}),
    recordingStatus: callCallbackUrl(PATHS.recordingStatus, place),
    legStatus: callCallbackUrl(PATHS.legStatus, place),
  };
}

/** Where the whisper's <Gather> posts the key press. */
export function whisperAnswerUrl(call: { to: string; from: string }, place: CallPlace): string {
  return callCallbackUrl(PATHS.connectWhisper, place, { crCalled: call.to, crCaller: call.from, crStep: 'answer' });
}

/** The <Record transcribeCallback> of a call whose workspace transcribes its voicemails. */
export function transcribeCallbackUrl(place: CallPlace): string {
  return callCallbackUrl(PATHS.voicemailTranscribed, place);
}
