// leg-status: the statusCallback of each <Number> and <Client> leg (event "answered"). Records each leg
// that picks up under its own CallSid, so dial-complete knows what the leg Twilio bridged (DialCallSid)
// was: an app (no key press needed) or a phone (a key press needed when call connect is on).
import type { Fallback, WebhookRequest } from '../runtime/request';
import { emptyTwiml } from '../twiml/whisper';

export function legOf(to: string | undefined): string {
  const value = to ?? '';
  return value.startsWith('client:') ? value : `number:${value}`;
}

export async function legStatus({ params, now, log, callLog }: WebhookRequest): Promise<string> {
  const leg = legOf(params.To);
  if (params.CallStatus === 'in-progress' || params.CallStatus === 'answered') {
    const recorded = await callLog.writeLeg(params.ParentCallSid, 'leg', {
      at: now.toISOString(),
      leg,
      legCallSid: params.CallSid ?? '',
      status: params.CallStatus,
    });
    log.info(`${leg} picked up (leg ${params.CallSid ?? 'with no CallSid'})${recorded ? '' : ', not recorded'}`);
  }
  return emptyTwiml();
}

/** Status callbacks answer with nothing, failing or not: Twilio ignores their TwiML. */
export const statusCallbackFallback: Fallback = () => ({ reply: emptyTwiml(), description: 'an empty answer' });
