// dial-complete: the <Dial action>. Answered means bridged to a person: DialBridged true and, with call
// connect on, a key pressed on that call (an app leg needs none). Then the call ends. Anything else is a
// missed call: recorded, handed to the missed-call seam, and, while the caller is still on the line,
// the greeting and <Record>.
import type { Fallback, WebhookRequest } from '../runtime/request';
import type { DialEntry, LegEntry } from '../calls/call-log';
import { decide, defaultGreetingText } from '../routing';
import { goodbyeTwiml, voicemailTwiml } from '../twiml/voice';
import { handMissedCall } from './missed-call';
import { PATHS } from './urls';

const MISSED_REASONS: Record<string, string> = {
  'no-answer': 'no answer',
  busy: 'busy',
  failed: 'the call could not be connected',
  canceled: 'the caller hung up',
};

export async function dialComplete(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog } = request;
  const call = { to: params.To ?? '', from: params.From ?? '' };
  const dialStatus = params.DialCallStatus ?? 'unknown';
  const bridged = params.DialBridged === 'true';
  const callerGone = params.CallStatus === 'completed' || params.CallStatus === 'canceled';
  const configuration = await request.configuration();
  const decision = decide(call, configuration, now);

  const [answered, accepted] = await Promise.all([callLog.readStep<LegEntry>(params.CallSid, 'answer'), callLog.readStep<LegEntry>(params.CallSid, 'accept')]);
  const appLeg = answered?.leg.startsWith('client:') ?? false;
  const personAnswered = bridged && (!decision.callConnect.enabled || accepted !== null || appLeg);
  const answeredBy = accepted?.leg ?? answered?.leg ?? null;

  if (personAnswered) {
    const entry: DialEntry = { at: now.toISOString(), outcome: 'answered', dialStatus, bridged, answeredBy, reason: `answered by ${answeredBy ?? 'a leg'}` };
    await callLog.write(params.CallSid, 'dial', entry);
    log.info(`answered by ${answeredBy ?? 'an unknown leg'} (${dialStatus}); the call ends`);
    return goodbyeTwiml();
  }

  const reason = bridged
    ? 'bridged without a key press (a voicemail or a person who did not accept)'
    : callerGone && dialStatus !== 'busy'
      ? 'the caller hung up'
      : (MISSED_REASONS[dialStatus] ?? `dial ended ${dialStatus}`);
  const entry: DialEntry = { at: now.toISOString(), outcome: 'missed', dialStatus, bridged, answeredBy: null, reason };
  await callLog.write(params.CallSid, 'dial', entry);
  await handMissedCall(request, { callSid: params.CallSid, ...call, workspace: decision.workspace, reason }, configuration);

  if (callerGone) {
    log.info(`missed (${reason}); the caller is gone, no voicemail`);
    return goodbyeTwiml();
  }
  log.info(`missed (${reason}); voicemail with the ${decision.voicemail?.owner ?? 'default'} greeting`);
  return voicemailTwiml(decision.voicemail, PATHS.voicemailComplete);
}

/** Failing: a bridged call ends; an unanswered one still gets voicemail with the spoken default greeting. */
export const dialCompleteFallback: Fallback = ({ params }) => {
  if (params.DialBridged === 'true' || params.CallStatus === 'completed') return { reply: goodbyeTwiml(), description: 'ending the call' };
  const greeting = { kind: 'default' as const, text: defaultGreetingText(null), owner: 'default' as const, maxLengthSeconds: 120 };
  return { reply: voicemailTwiml(greeting, PATHS.voicemailComplete), description: 'voicemail with the default greeting' };
};
