// Twilio Function: recording-status. Thin: the work is in src/flows/recording-status.
import { recordingStatus } from '../src/flows/recording-status';
import { statusCallbackFallback } from '../src/flows/leg-status';
import { voiceWebhook } from '../src/runtime/webhook';

export const handler = voiceWebhook('recording-status', recordingStatus, { fallback: statusCallbackFallback });
