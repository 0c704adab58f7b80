// Twilio Function: the <Record transcribeCallback> of a voicemail. Thin: the work is in src/flows/voicemail-transcribed.
import { statusCallbackFallback } from '../src/flows/leg-status';
import { voicemailTranscribed } from '../src/flows/voicemail-transcribed';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('voicemail-transcribed', voicemailTranscribed, { fallback: statusCallbackFallback });
