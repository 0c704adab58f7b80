// The paths of the call flow's functions, and the callback URLs one call's TwiML names (relative: Twilio
// resolves them against the function that answered). What a URL carries goes through the callback state codec
// (src/calls/callback-state); every callback of a call carries its place (where its log is kept).
import type { CallPlace } from '../calls/call-log';
import { encodeCallbackState, type CallbackState } from '../calls/callback-state';
import type { Contact } from '../config/types';
import { callbackUrl } from '../runtime/signature';
import { MESSAGE_STATUS_PATH } from '../textback/messenger';
import type { FlowUrls } from '../twiml/voice';
import type { CarriedRoute } from './carried-route';

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
  gatherComplete: '/gather-complete',
} as const;

/** A URL carrying `state` in its signed query. */
export function stateUrl(path: string, state: CallbackState): string {
  return callbackUrl(path, encodeCallbackState(state));
}

/** A callback of this call: `path` with the call's place (none for the map of before sharding) and `state`. */
export function callCallbackUrl(path: string, place: CallPlace, state: Omit<CallbackState, 'place'> = {}): string {
  return stateUrl(path, { ...state, place });
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
  options: { transcribe?: boolean; dialState?: Omit<CallbackState, 'place' | 'route' | 'contact'> } = {},
): FlowUrls {
  // The caller's contact rides along to the steps that read configuration again (undefined: not known here).
  const carried = contact === undefined ? {} : { contact };
  return {
    // A call ringing in tiers also carries its decision's instant, inputs and the tier ringing (issue 20).
    dialComplete: callCallbackUrl(PATHS.dialComplete, place, { route, ...carried, ...options.dialState }),
    connectWhisper: callCallbackUrl(PATHS.connectWhisper, place, { called: call.to, caller: call.from, ...carried }),
    voicemailComplete: callCallbackUrl(PATHS.voicemailComplete, place, carried),
    ...(options.transcribe ? { voicemailTranscribed: transcribeCallbackUrl(place) } : {}),
    recordingStatus: callCallbackUrl(PATHS.recordingStatus, place),
    legStatus: callCallbackUrl(PATHS.legStatus, place),
  };
}

/** What a call is decided again with at its prompts: the first decision's instant, the caller ID check, the answers so far, the round-robin turn and the user who last answered (when read). */
export type PromptInputs = Pick<CallbackState, 'at' | 'stir' | 'presses' | 'rotation' | 'lastAnswered'>;

/**
 * The <Gather action> of a prompt: gather-complete, carrying the inputs to decide the call again with (the answer
 * it receives is appended to `presses`), the caller's contact (undefined: not known) and the call's place.
 */
export function gatherCompleteUrl(place: CallPlace, inputs: PromptInputs, contact: Contact | null | undefined): string {
  return callCallbackUrl(PATHS.gatherComplete, place, { ...inputs, ...(contact === undefined ? {} : { contact }) });
}

/** Where the whisper's <Gather> posts the key press. */
export function whisperAnswerUrl(call: { to: string; from: string }, place: CallPlace | undefined): string {
  const state = { called: call.to, caller: call.from, step: 'answer' as const };
  return place ? callCallbackUrl(PATHS.connectWhisper, place, state) : stateUrl(PATHS.connectWhisper, state);
}

/** The <Record transcribeCallback> of a call whose workspace transcribes its voicemails. */
export function transcribeCallbackUrl(place: CallPlace): string {
  return callCallbackUrl(PATHS.voicemailTranscribed, place);
}
