// A call's route once decided, for the steps that decide it (incoming-call; gather-complete after each prompt): the
// call log's route entry made from the decision, and what a route that ends the call here causes (the text-back
// hand-off and the users' notices), written once for both.
import type { RouteEntry } from '../calls/call-log';
import { routeTrace } from '../calls/call-log';
import { legLabel } from '../routing/legs';
import type { CallPlace } from '../calls/call-log';
import type { Contact } from '../config/types';
import type { CallInput, Decision } from '../routing/types';
import type { FlowUrls } from '../twiml/voice';
import type { WebhookRequest } from '../runtime/request';
import { tellOfCallEnd } from './call-notices';
import { noTextBackWhy, routeEntryExtras, routeOfDecision } from './carried-route';
import { dialStateOf } from './call-inputs';
import { handMissedCall } from './missed-call';
import { flowUrlsFor, gatherCompleteUrl, type PromptInputs } from './urls';

/**
 * The route entry of `decision`, decided at `at` (the call's first instant) with `input`'s answers, turn and the rest
 * (impact replays the call with them), as the call log keeps it.
 */
export function routeEntryOf(
  request: Pick<WebhookRequest, 'warnings'>,
  decision: Decision,
  input: Pick<CallInput, 'stir' | 'presses' | 'rotation' | 'lastAnswered'>,
  at: Date,
  extra: Pick<RouteEntry, 'callerCalls'> = {},
): RouteEntry {
  const carried = routeOfDecision(decision);
  return {
    at: at.toISOString(),
    to: decision.to,
    from: decision.from,
    workspace: decision.workspace,
    rule: decision.rule,
    action: decision.action,
    legs: decision.targets.map(legLabel),
    rungUsers: [...new Set(decision.targets.flatMap((target) => (target.user ? [target.user] : [])))],
    callerId: decision.callerId,
    reason: decision.trace.find((entry) => entry.applied)?.reason ?? '',
    callConnect: carried.callConnect,
    greeting: carried.greeting,
    trace: routeTrace(decision.trace),
    ...routeEntryExtras(decision, input),
    ...extra,
    ...(request.warnings.length ? { warnings: request.warnings } : {}),
  };
}

/**
 * What a route that ends the call at this step causes, at once (the caller is waiting for the answer): nothing rung
 * (hang-up) or straight to voicemail is a missed call, handed to text-back unless the decision says a screened call is
 * never texted; a hang-up or a rejection is the call's end, told now (voicemail-complete tells of a voicemail). A
 * screened call's hang-up (a robot that failed the challenge) is counted in the history, without a missed-call notice.
 */
export async function endOfDecidedCall(request: WebhookRequest, decision: Decision, route: RouteEntry): Promise<void> {
  const missed = decision.action === 'voicemail' || decision.action === 'hangup';
  const reason = decision.action === 'hangup' ? 'nothing to ring' : `straight to voicemail (${decision.rule})`;
  const screened = decision.textBack === false;
  const notice = decision.action === 'hangup' && !screened ? 'missed-call' : null;
  await Promise.all([
    // A screened caller is never texted; the call log says why (handMissedCall records the skip).
    missed ? handMissedCall(request, reason, screened ? { why: noTextBackWhy(decision) } : undefined) : undefined,
    decision.action === 'hangup' || decision.action === 'reject' ? tellOfCallEnd(request, { dial: null, notice, route }) : undefined,
  ]);
}

/**
 * The URLs of what follows a decided call (incoming-call's answer, gather-complete's): the dial's steps, carrying the
 * call's instant and inputs when dial-complete must decide again (dialStateOf), and, only for a prompt, where its
 * answer goes (gather-complete, with the answers so far).
 */
export function decidedCallUrls(
  call: { to: string; from: string },
  decision: Decision,
  place: CallPlace,
  contact: Contact | null | undefined,
  inputs: PromptInputs,
  transcribe: boolean,
): FlowUrls {
  const dialState = dialStateOf(decision, inputs);
  const urls = flowUrlsFor(call, routeOfDecision(decision), place, contact, { transcribe, ...(dialState ? { dialState } : {}) });
  if (decision.action === 'gather') urls.gatherComplete = gatherCompleteUrl(place, { ...inputs, presses: inputs.presses ?? [] }, contact);
  return urls;
}
