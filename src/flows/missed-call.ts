// The one seam where a missed call leaves the voice flow: the missed-call text. Whichever step found the
// call missed (incoming-call with nothing to ring or straight to voicemail, dial-complete after an
// unanswered dial) hands it here; what text-back did goes into the call log. Never breaks the call.
import type { WebhookRequest } from '../runtime/request';
import { isCallSid } from '../calls/call-log';
import type { RoutingConfiguration } from '../routing/lookup';
import { textBackMissedCall, type TextBackOutcome } from '../textback/textback';

export interface MissedCall {
  callSid: string | undefined;
  /** The called number and the caller, as Twilio gave them. */
  to: string;
  from: string;
  workspace: string | null;
  /** Why it counts as missed: "no answer", "busy", "whisper not accepted", "nothing to ring", ... */
  reason: string;
}

/** `configuration` is what the step already loaded for this call: text-back reads nothing again. */
export async function handMissedCall(request: WebhookRequest, missed: MissedCall, configuration: RoutingConfiguration): Promise<TextBackOutcome | null> {
  const { log, callLog, services, now } = request;
  log.info(`missed call from ${missed.from || '(no caller ID)'} to ${missed.to}: ${missed.reason}`);
  if (!isCallSid(missed.callSid)) {
    log.warn('text-back: no valid CallSid, so a text could not be kept to once per call; not texting');
    return null;
  }
  let outcome: TextBackOutcome;
  try {
    outcome = await textBackMissedCall({ state: services.state, messenger: services.messenger, log, now }, { callSid: missed.callSid, to: missed.to, from: missed.from }, configuration);
  } catch (error) {
    log.error('text-back failed; the call goes on', error);
    outcome = { status: 'failed', reason: 'error', detail: (error as Error).message, to: missed.from, from: missed.to };
  }
  const said = outcome.status === 'skipped' || outcome.status === 'failed' ? `${outcome.status} (${outcome.reason}: ${outcome.detail})` : `${outcome.status}${outcome.messageSid ? ` ${outcome.messageSid}` : ''}`;
  log.info(`text-back to ${outcome.to}: ${said}`);
  await callLog.write(missed.callSid, 'textback', outcome);
  return outcome;
}
