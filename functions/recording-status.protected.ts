// Twilio Function: recording-status. Thin: the work is in src/flows/recording-status.
import { recordingStatus } from '../src/flows/recording-status';
import { statusCallbackFallback } from '../src/flows/leg-status';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('recording-status', recordingStatus, { fallback: statusCallbackFallback });
