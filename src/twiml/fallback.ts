// The TwiML of last resort, for when a step of the call cannot run: ring the fallback number
// named in the environment (never the called number itself), else apologise and hang up.
import twilio from 'twilio';
import { SORRY_GOODBYE, VOICE } from './voice';

export const FALLBACK_TIMEOUT_SECONDS = 30;

export function fallbackTwiml(fallbackNumber: string | undefined, calledNumber: string | undefined): { xml: string; description: string } {
  const response = new twilio.twiml.VoiceResponse();
  if (fallbackNumber && fallbackNumber !== calledNumber) {
    response.dial({ answerOnBridge: true, timeout: FALLBACK_TIMEOUT_SECONDS }).number(fallbackNumber);
    response.say(VOICE, SORRY_GOODBYE);
    response.hangup();
    return { xml: response.toString(), description: `ringing the fallback number ${fallbackNumber}` };
  }
  response.say(VOICE, SORRY_GOODBYE);
  response.hangup();
  const why = fallbackNumber ? 'the fallback number is the called number itself' : 'no FALLBACK_NUMBER is set';
  return { xml: response.toString(), description: `apologising and hanging up: ${why}` };
}
