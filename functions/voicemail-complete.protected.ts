// Twilio Function: where <Record> goes after a voicemail. Thin: the work is in src/flows/voicemail-complete.
import { endCallFallback, voicemailComplete } from '../src/flows/voicemail-complete';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('voicemail-complete', voicemailComplete, { fallback: endCallFallback });
