// Twilio Function: the StatusCallback of every routed number (call ended). Thin: the work is in src/flows/call-status.
import { callStatus } from '../src/flows/call-status';
import { statusCallbackFallback } from '../src/flows/leg-status';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('call-status', callStatus, { fallback: statusCallbackFallback });
