// Decision -> TwiML, built with the twilio library's VoiceResponse (never hand-written XML).
// Each plan kind has one small builder; the URLs of the next steps of the call come in as arguments.
import twilio from 'twilio';
import { DEFAULT_SAY_VOICE, type SayVoice } from '../config/voices';
import type { Decision, RejectReason, Target, VoicemailGreeting } from '../routing/types';
import { appendGather } from './gather';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

/** Where Twilio goes next. Relative paths resolve against the current function's URL. */
export interface FlowUrls {
  /** <Dial action>: what happens after the dial (answered, or missed: voicemail). */
  dialComplete?: string;
  /** <Number url>: the whisper and press-a-key on each phone leg, when call connect is on. */
  connectWhisper?: string;
  /** <Record action>: where Twilio goes once a voicemail is recorded. Required: without it Twilio would re-request this URL. */
  voicemailComplete: string;
  /** <Record transcribeCallback>: set when the workspace's voicemails are transcribed. */
  voicemailTranscribed?: string;
  /** recordingStatusCallback for recorded calls. */
  recordingStatus?: string;
  /** statusCallback of each leg (event "answered"): which leg picked up. */
  legStatus?: string;
  /** <Gather action>: where a prompt's answer goes (gather-complete, carrying the call's answers so far). */
  gatherComplete?: string;
}

type SayAttributes = Parameters<VoiceResponse['say']>[0];

/** The `<Say>` attributes of a language and voice (voices.ts lists the ones the configuration accepts). */
export function sayAttributes(speech: SayVoice): SayAttributes & object {
  return {
    voice: speech.voice as NonNullable<SayAttributes>['voice'],
    language: speech.language as NonNullable<SayAttributes>['language'],
  };
}

/** The project's own sentences (in English) are read in English whatever the workspace's language. */
const VOICE = sayAttributes(DEFAULT_SAY_VOICE);

export const SORRY_GOODBYE = 'Sorry, nobody can take your call right now. Please try again later. Goodbye.';

/**
 * The TwiML of a decision. A dial rings the decision's tier `tier` (incoming-call: tier 0; dial-complete: the next one
 * after a tier nobody answered), one `<Dial timeout=tier.seconds>` with everything a single dial has.
 */
export function decisionToTwiml(decision: Decision, urls: FlowUrls, tier = 0, speech: SayVoice = DEFAULT_SAY_VOICE): string {
  const response = new twilio.twiml.VoiceResponse();
  const own = sayAttributes(speech);
  switch (decision.action) {
    case 'gather':
      // A prompt with nowhere to post its answer would leave the caller in silence: apologise instead.
      // The phone menu is the workspace's words (its language); the spam challenge is ours (English).
      if (decision.gather && urls.gatherComplete)
        appendGather(response, decision.gather, urls.gatherComplete, decision.gather.purpose === 'menu' ? own : VOICE);
      else {
        response.say(VOICE, SORRY_GOODBYE);
        response.hangup();
      }
      break;
    case 'reject':
      return rejectTwiml(decision.rejectReason ?? 'rejected');
    case 'hangup':
      response.say(VOICE, SORRY_GOODBYE);
      response.hangup();
      break;
    case 'voicemail':
      appendVoicemail(response, decision.voicemail, urls.voicemailComplete, urls.voicemailTranscribed, speech);
      break;
    case 'dial':
      appendDial(response, decision, urls, tier, own);
      break;
  }
  return response.toString();
}

/** What one `<Dial>` rings and for how long: the decision's tier, or (a decision with no tiers) every target for its timeout. */
function dialedTier(decision: Decision, tier: number): { legs: Target[]; seconds: number | null } {
  const rung = decision.tiers?.[tier];
  return rung ? { legs: rung.legs, seconds: rung.seconds } : { legs: decision.targets, seconds: decision.timeout };
}

function appendDial(response: VoiceResponse, decision: Decision, urls: FlowUrls, tier: number, own: SayAttributes): void {
  // The recording announcement is heard once, before the first tier rings.
  if (tier === 0 && decision.record.enabled && decision.record.announcement) response.say(own, decision.record.announcement);
  const { legs, seconds } = dialedTier(decision, tier);
  const dial = response.dial({
    answerOnBridge: true,
    ...(seconds !== null ? { timeout: seconds } : {}),
    ...(decision.callerId ? { callerId: decision.callerId } : {}),
    ...(urls.dialComplete ? { action: urls.dialComplete, method: 'POST' } : {}),
    ...(decision.record.enabled
      ? {
          record: 'record-from-answer-dual' as const,
          ...(urls.recordingStatus
            ? { recordingStatusCallback: urls.recordingStatus, recordingStatusCallbackMethod: 'POST' as const }
            : {}),
        }
      : {}),
  });
  const whisper = decision.callConnect.enabled && urls.connectWhisper ? urls.connectWhisper : undefined;
  const legStatus = urls.legStatus
    ? { statusCallback: urls.legStatus, statusCallbackEvent: ['answered'] as 'answered'[], statusCallbackMethod: 'POST' as const }
    : {};
  for (const target of legs) {
    if (target.kind === 'number') {
      dial.number(
        {
          ...(target.sendDigits ? { sendDigits: target.sendDigits } : {}),
          ...(whisper ? { url: whisper, method: 'POST' as const } : {}),
          ...legStatus,
        },
        target.number,
      );
    } else {
      dial.client(legStatus, target.identity);
    }
  }
}

/**
 * The greeting, then <Record>. Also used by dial-complete when nobody answered. A greeting the workspace wrote is read
 * in its language and voice (`speech`); the default greeting is ours, in English.
 */
export function appendVoicemail(
  response: VoiceResponse,
  greeting: (VoicemailGreeting & { maxLengthSeconds: number }) | null,
  voicemailComplete: string,
  transcribeCallback?: string,
  speech: SayVoice = DEFAULT_SAY_VOICE,
): void {
  if (!greeting) {
    response.say(VOICE, SORRY_GOODBYE);
    response.hangup();
    return;
  }
  if (greeting.kind === 'audio') response.play(greeting.url);
  else response.say(greeting.kind === 'default' ? VOICE : sayAttributes(speech), greeting.text);
  response.record({
    maxLength: greeting.maxLengthSeconds,
    playBeep: true,
    action: voicemailComplete,
    method: 'POST',
    // Twilio transcribes recordings of up to two minutes; a longer one comes back `failed`.
    ...(transcribeCallback ? { transcribe: true, transcribeCallback } : {}),
  });
}

/** `<Reject>`: "rejected" plays not-in-service; "busy" plays a busy signal. Nothing rings. */
export function rejectTwiml(reason: RejectReason): string {
  const response = new twilio.twiml.VoiceResponse();
  response.reject({ reason });
  return response.toString();
}

/** The voicemail TwiML on its own: what dial-complete answers when nobody picked up. */
export function voicemailTwiml(
  greeting: Parameters<typeof appendVoicemail>[1],
  voicemailComplete: string,
  transcribeCallback?: string,
  speech: SayVoice = DEFAULT_SAY_VOICE,
): string {
  const response = new twilio.twiml.VoiceResponse();
  appendVoicemail(response, greeting, voicemailComplete, transcribeCallback, speech);
  return response.toString();
}

/** TwiML that ends the call politely: used when a call is done or nothing else is safe. */
export function goodbyeTwiml(text?: string): string {
  const response = new twilio.twiml.VoiceResponse();
  if (text) response.say(VOICE, text);
  response.hangup();
  return response.toString();
}

export { VOICE };
