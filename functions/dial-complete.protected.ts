// Twilio Function: dial-complete. Thin: the work is in src/flows/dial-complete.
import { dialCompleteFallback, dialComplete } from '../src/flows/dial-complete';
import { voiceWebhook } from '../src/runtime/webhook';

export const handler = voiceWebhook('dial-complete', dialComplete, { fallback: dialCompleteFallback });
