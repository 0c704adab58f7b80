// Twilio Function: outbound-call. Thin: the work is in src/flows/outbound-call.
import { outboundCallFallback, outboundCall } from '../src/flows/outbound-call';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('outbound-call', outboundCall, { fallback: outboundCallFallback });
