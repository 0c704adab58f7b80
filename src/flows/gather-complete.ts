// gather-complete: the <Gather action> of a prompt (the spam challenge, the phone menu). Twilio posts the caller's
// answer: `Digits` for a key, `SpeechResult` (with `Confidence`) for words when the prompt listens for speech, and
// neither (actionOnEmptyResult) when the caller gave nothing. The answer is appended to the answers the URL carries
// and the call is decided again with the inputs it carries, at the instant it carries (a call's route never changes
// mid-call): the next prompt, the dial (its first tier, with the URLs incoming-call gives), voicemail or the hang-up,
// its route written to the call log as incoming-call writes it. A retried request decides the same, answers the same.
import type { WebhookRequest } from '../runtime/request';
import type { CallInput } from '../routing/types';
import { decisionToTwiml, goodbyeTwiml } from '../twiml/voice';
import { sayVoiceOf } from '../config/voices';
import { carriedInputsOf, decideWithWants } from './call-inputs';
import { decidedCallUrls, endOfDecidedCall, routeEntryOf } from './decided-route';
import { recordLastCall, summarizeDecision } from './incoming-call';

/** The longest answer kept: a key is one character, spoken words a short phrase (the callback codec's bound). */
export const MAX_ANSWER_LENGTH = 200;

/** The caller's answer to the prompt, as Twilio posted it: the key, else the words, else "" (nothing). */
export function answerOf(params: Readonly<Record<string, string>>): string {
  const digits = params.Digits?.trim() ?? '';
  if (digits) return digits.slice(0, MAX_ANSWER_LENGTH);
  return (params.SpeechResult?.trim() ?? '').replace(/\s+/g, ' ').slice(0, MAX_ANSWER_LENGTH);
}

/** The caller is no longer on the line (Twilio's CallStatus). */
const callerGone = (status: string | undefined) => status === 'completed' || status === 'canceled';

export async function gatherComplete(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog, call } = request;
  const { carried, caller } = call;
  const answer = answerOf(params);
  // The call's first instant: every decision of one call is made at it. Not carried (a URL from before): now.
  const at = carried.at ? new Date(carried.at) : now;
  if (!carried.at) log.warn('the prompt carried no instant: deciding at this request');
  // The inputs the call carries, with this answer after the earlier ones; a round-robin turn or the last answering
  // user is read when the decision after this answer first reaches a rule that wants it.
  const input: CallInput = {
    to: call.to,
    from: call.from,
    caller,
    ...carriedInputsOf({ ...carried, ...(call.stir !== undefined ? { stir: call.stir } : {}) }),
    presses: [...(carried.presses ?? []), answer],
  };
  const line = await call.line();
  const decision = await decideWithWants(request, input, await call.configuration(), line?.workspace ?? null, at);
  const inputs = { at: at.toISOString(), ...carriedInputsOf(input) };
  log.info(`answer ${JSON.stringify(answer)} (answers ${JSON.stringify(inputs.presses)}): ${summarizeDecision(decision)}`);
  for (const drop of decision.dropped) log.warn(`dropped leg (${drop.reason}): ${drop.detail}`);

  const route = routeEntryOf(request, decision, input, at);
  await Promise.all([
    callLog.write(params.CallSid, 'route', route),
    // Whom the call now rings is whom the caller's reply by text concerns.
    decision.action === 'dial' ? recordLastCall(request, line?.workspace.id ?? null, route, caller) : undefined,
  ]);
  if (callerGone(params.CallStatus)) {
    log.info('the caller hung up at the prompt; nothing follows');
    return goodbyeTwiml();
  }
  await endOfDecidedCall(request, decision, route);
  const contact = carried.contact !== undefined ? carried.contact : line && !caller.withheld ? line.contact : undefined;
  const transcribe = line?.workspace.notifications.transcription === true;
  const place = await callLog.place();
  return decisionToTwiml(decision, decidedCallUrls(call, decision, place, contact, inputs, transcribe), 0, sayVoiceOf(line?.workspace));
}
