// leg-status: the statusCallback of each <Number> and <Client> leg (event "answered"). Records the first
// leg that picked up, so the call log can say who answered, and whether that leg needed a key press.
import type { Fallback, WebhookRequest } from '../runtime/request';
import { emptyTwiml } from '../twiml/whisper';

export function legOf(to: string | undefined): string {
  const value = to ?? '';
  return value.startsWith('client:') ? value : `number:${value}`;
}

export async function legStatus({ params, now, log, callLog }: WebhookRequest): Promise<string> {
  const leg = legOf(params.To);
  if (params.CallStatus === 'in-progress' || params.CallStatus === 'answered') {
    const recorded = await callLog.writeFirst(params.ParentCallSid, 'answer', { at: now.toISOString(), leg });
    log.info(`${leg} picked up${recorded === 'exists' ? ' (another leg picked up first)' : ''}`);
  }
  return emptyTwiml();
}

/** Status callbacks answer with nothing, failing or not: Twilio ignores their TwiML. */
export const statusCallbackFallback: Fallback = () => ({ reply: emptyTwiml(), description: 'an empty answer' });
