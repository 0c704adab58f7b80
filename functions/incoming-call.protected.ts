// Twilio Function: the Voice URL of every routed number. Thin: the work is in src/flows/incoming-call.
import { incomingCall } from '../src/flows/incoming-call';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('incoming-call', incomingCall);
