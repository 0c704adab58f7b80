// Twilio Function: incoming-sms. Thin: the work is in src/flows/incoming-sms.
import { incomingSms, incomingSmsFallback } from '../src/flows/incoming-sms';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('incoming-sms', incomingSms, { fallback: incomingSmsFallback });
