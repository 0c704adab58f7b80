// Twilio Function: connect-whisper. Thin: the work is in src/flows/connect-whisper.
import { connectWhisperFallback, connectWhisper } from '../src/flows/connect-whisper';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('connect-whisper', connectWhisper, { fallback: connectWhisperFallback });
