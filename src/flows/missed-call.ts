// The one seam where a missed call leaves the voice flow: whatever follows a missed call (the missed-call
// text) starts here, whichever step found the call missed (incoming-call with nothing to ring or straight
// to voicemail, or dial-complete after an unanswered dial).
import type { WebhookRequest } from '../runtime/webhook';

export interface MissedCall {
  callSid: string | undefined;
  /** The called number and the caller, as Twilio gave them. */
  to: string;
  from: string;
  workspace: string | null;
  /** Why it counts as missed: "no answer", "busy", "whisper not accepted", "nothing to ring", ... */
  reason: string;
}

export async function handMissedCall(request: WebhookRequest, missed: MissedCall): Promise<void> {
  request.log.info(`missed call from ${missed.from || '(no caller ID)'} to ${missed.to}: ${missed.reason}`);
}
