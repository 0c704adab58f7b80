// Twilio Function: leg-status. Thin: the work is in src/flows/leg-status.
import { statusCallbackFallback, legStatus } from '../src/flows/leg-status';
import { voiceWebhook } from '../src/runtime/webhook';

export const handler = voiceWebhook('leg-status', legStatus, { fallback: statusCallbackFallback });
