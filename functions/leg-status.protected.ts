// Twilio Function: leg-status. Thin: the work is in src/flows/leg-status.
import { statusCallbackFallback, legStatus } from '../src/flows/leg-status';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('leg-status', legStatus, { fallback: statusCallbackFallback });
