// The whisper on a phone leg: the message inside a one-digit <Gather>; no key hangs up this leg only.
import twilio from 'twilio';
import { DEFAULT_SAY_VOICE, type SayVoice } from '../config/voices';
import { sayAttributes } from './voice';

export const WHISPER_SECONDS = 6;
export const GENERIC_WHISPER = 'Incoming call. Press any key to accept.';

/** The whisper `text`, read in `speech` (the workspace's language and voice for its own whisper; English for ours). */
export function whisperTwiml(text: string, answerUrl: string, speech: SayVoice = DEFAULT_SAY_VOICE): string {
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({ numDigits: 1, finishOnKey: '', timeout: WHISPER_SECONDS, action: answerUrl, method: 'POST' });
  gather.say(sayAttributes(speech), text);
  // No key pressed: this leg hangs up, the other legs keep ringing, and a voicemail that picked up is not "answered".
  response.hangup();
  return response.toString();
}

/** An empty response: on a <Number url> leg it bridges the call; to a status callback it says nothing. */
export function emptyTwiml(): string {
  return new twilio.twiml.VoiceResponse().toString();
}
