// gather-complete: the <Gather action> of a prompt (the spam challenge, the phone menu). Twilio posts the caller's
// answer: `Digits` for a key, `SpeechResult` (with `Confidence`) for words when the prompt listens for speech, and
// neither (actionOnEmptyResult) when the caller gave nothing. The answer is appended to the answers the URL carries
// and the call is decided again with the inputs it carries, at the instant it carries (a call's route never changes
// mid-call): the next prompt, the dial (its first tier, with the URLs incoming-call gives), voicemail or the hang-up,
// its route written to the call log as incoming-call writes it. A retried request decides the same, answers the same.
import type { WebhookRequest } from '../runtime/request';
import { decide } from '../routing/decide';
import type { CallInput } from '../routing/types';
import { decisionToTwiml, goodbyeTwiml } from '../twiml/voice';
import { routeOfDecision } from './carried-route';
import { endOfDecidedCall, routeEntryOf } from './decided-route';
import { carriedInputsOf } from './call-inputs';
import { recordLastCall, stirOf, summarizeDecision, tieredDialState } from './incoming-call';
import { flowUrlsFor, gatherCompleteUrl } from './urls';

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
  // What the call carries (its StirVerstat, round-robin turn, last answering user), with this answer added to its answers.
  const input: CallInput = {
    to: call.to,
    from: call.from,
    caller,
    ...carriedInputsOf({ ...carried, ...stirOf(call) }),
    presses: [...(carried.presses ?? []), answer],
  };
  const decision = decide(input, await call.configuration(), at);
  log.info(`answer ${JSON.stringify(answer)} (answers ${JSON.stringify(input.presses)}): ${summarizeDecision(decision)}`);
  for (const drop of decision.dropped) log.warn(`dropped leg (${drop.reason}): ${drop.detail}`);

  const line = await call.line();
  const route = routeEntryOf(request, decision, at, input);
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
  // A dial in tiers carries the call's instant and inputs on to dial-complete (tier 0 rings first), as incoming-call's does.
  const dialState = tieredDialState(decision, input);
  return decisionToTwiml(decision, {
    ...flowUrlsFor(call, routeOfDecision(decision), place, contact, { transcribe, ...(dialState ? { dialState } : {}) }),
    gatherComplete: gatherCompleteUrl(place, { at: decision.at, ...carriedInputsOf(input) }, contact),
  });
}
