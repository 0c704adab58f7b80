// A prompt the caller answers (the spam challenge, the phone menu) as TwiML, built with the twilio library: one
// <Gather> taking a single key (and, for a menu with spoken words, speech with its hints), the prompt said or played
// inside it so a key press cuts it short, and actionOnEmptyResult so that Twilio posts to `action` even when the
// caller gives nothing: gather-complete answers every outcome, and the caller never falls off the end of the document.
// decisionToTwiml (./voice) appends it for a decision whose action is `gather`.
import type twilio from 'twilio';
import type { GatherPrompt } from '../routing/types';

/** How long Twilio waits for the key after the prompt ends (seconds). */
export const GATHER_TIMEOUT_SECONDS = 5;

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type SayAttributes = Parameters<VoiceResponse['say']>[0];

/** Appends the prompt's <Gather> (said in `voice`); `action` is gather-complete's URL with what the call carries. */
export function appendGather(response: VoiceResponse, prompt: GatherPrompt, action: string, voice: SayAttributes): void {
  const gather = response.gather({
    input: prompt.speech ? ['dtmf', 'speech'] : ['dtmf'],
    ...(prompt.speech && prompt.hints.length ? { hints: prompt.hints.join(', ') } : {}),
    // Words are recognised in the language the prompt is read in (Twilio's default: en-US).
    ...(prompt.speech && voice?.language && voice.language !== 'en-US'
      ? { language: voice.language as NonNullable<Parameters<VoiceResponse['gather']>[0]>['language'] }
      : {}),
    numDigits: 1,
    timeout: GATHER_TIMEOUT_SECONDS,
    actionOnEmptyResult: true,
    action,
    method: 'POST',
  });
  if (prompt.prompt.kind === 'audio') gather.play(prompt.prompt.url);
  else gather.say(voice, prompt.prompt.text);
}
