// Twilio Function: sms-textback. Thin: the work is in src/flows/sms-textback.
import { smsTextback, smsTextbackFallback } from '../src/flows/sms-textback';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('sms-textback', smsTextback, { fallback: smsTextbackFallback });
