// Twilio Function: recording (public: the link in a voicemail notice). Thin: the work is in src/notify/recording-route.
import { recordingHandler } from '../src/notify/recording-route';

export const handler = recordingHandler();
