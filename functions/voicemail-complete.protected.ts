// Twilio Function: where <Record> goes after a voicemail. Thin: the work is in src/flows/voicemail-complete.
import { endCallFallback, voicemailComplete } from '../src/flows/voicemail-complete';
import { voiceWebhook } from '../src/runtime/webhook';

export const handler = voiceWebhook('voicemail-complete', voicemailComplete, { fallback: endCallFallback });
