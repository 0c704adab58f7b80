// Twilio Function: the Voice URL of every routed number. Thin: the work is in src/flows/incoming-call.
import { incomingCall } from '../src/flows/incoming-call';
import { voiceWebhook } from '../src/runtime/webhook';

export const handler = voiceWebhook('incoming-call', incomingCall);
