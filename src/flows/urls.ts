// The URLs of the call flow's functions, relative to the function that answers (Twilio resolves them).
import type { FlowUrls } from '../twiml/voice';

export const FLOW_URLS: FlowUrls = {
  voicemailComplete: '/voicemail-complete',
};
