// Twilio Function: outbound-call. Thin: the work is in src/flows/outbound-call.
import { outboundCallFallback, outboundCall } from '../src/flows/outbound-call';
import { voiceWebhook } from '../src/runtime/webhook';

export const handler = voiceWebhook('outbound-call', outboundCall, { fallback: outboundCallFallback });
