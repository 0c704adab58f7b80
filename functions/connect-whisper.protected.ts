// Twilio Function: connect-whisper. Thin: the work is in src/flows/connect-whisper.
import { connectWhisperFallback, connectWhisper } from '../src/flows/connect-whisper';
import { voiceWebhook } from '../src/runtime/webhook';

export const handler = voiceWebhook('connect-whisper', connectWhisper, { fallback: connectWhisperFallback });
