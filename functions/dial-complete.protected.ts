// Twilio Function: dial-complete. Thin: the work is in src/flows/dial-complete.
import { dialCompleteFallback, dialComplete } from '../src/flows/dial-complete';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('dial-complete', dialComplete, { fallback: dialCompleteFallback });
