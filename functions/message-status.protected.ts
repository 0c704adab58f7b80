// Twilio Function: message-status. Thin: the work is in src/flows/message-status.
import { statusCallbackFallback } from '../src/flows/leg-status';
import { messageStatus } from '../src/flows/message-status';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('message-status', messageStatus, { fallback: statusCallbackFallback });
