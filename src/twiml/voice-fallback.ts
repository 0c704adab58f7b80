// The numbers' Voice fallback URL: a static TwiML asset of the same service that Twilio plays when incoming-call
// cannot answer (a crash, an overrun, a Functions incident, after the retries of src/runtime/connection-overrides).
// Written before deploying from what is known then (src/deploy/voice-fallback.ts): ring the fallback phone, else
// apologise and take a message with Twilio's own <Record> (kept in the account's Recordings). Static, so it can
// read no configuration and call no function: whatever happens next is in the document itself.
import twilio from 'twilio';
import { FALLBACK_TIMEOUT_SECONDS } from './fallback';
import { SORRY_GOODBYE, VOICE } from './voice';

/** The asset files (in assets/) and the paths the service serves them at: public, read by Twilio with GET. */
export const VOICE_FALLBACK_ASSET = { file: 'voice-fallback.xml', path: '/voice-fallback.xml' } as const;
/** Where the message-taking <Record> goes when the caller has finished: a goodbye, never the same document again. */
export const VOICE_FALLBACK_DONE_ASSET = { file: 'voice-fallback-done.xml', path: '/voice-fallback-done.xml' } as const;
/** A static asset is fetched, not posted to. */
export const VOICE_FALLBACK_METHOD = 'GET';

export const FALLBACK_MESSAGE_PROMPT =
  'Sorry, we cannot take your call right now. Please leave your name, number and a short message after the tone, and we will call you back.';
export const FALLBACK_MESSAGE_THANKS = 'Thank you. We will call you back. Goodbye.';
/** The longest message the fallback takes, in seconds. */
export const FALLBACK_MESSAGE_SECONDS = 120;

/** `phone` set: ring it, then apologise if nobody answers. Unset: apologise and take a message. */
export function voiceFallbackTwiml(phone: string | undefined): string {
  const response = new twilio.twiml.VoiceResponse();
  if (phone) {
    response.dial({ answerOnBridge: true, timeout: FALLBACK_TIMEOUT_SECONDS }).number(phone);
    response.say(VOICE, SORRY_GOODBYE);
    response.hangup();
    return response.toString();
  }
  response.say(VOICE, FALLBACK_MESSAGE_PROMPT);
  // Without an action Twilio would request this document again when the message is done: a loop.
  response.record({
    action: VOICE_FALLBACK_DONE_ASSET.path,
    method: VOICE_FALLBACK_METHOD,
    maxLength: FALLBACK_MESSAGE_SECONDS,
    playBeep: true,
  });
  // Reached when nothing was recorded (Twilio then goes on to the next verb).
  response.say(VOICE, SORRY_GOODBYE);
  response.hangup();
  return response.toString();
}

/** What a caller hears once their message is recorded. */
export function voiceFallbackDoneTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(VOICE, FALLBACK_MESSAGE_THANKS);
  response.hangup();
  return response.toString();
}
